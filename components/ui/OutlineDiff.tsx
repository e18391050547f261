import { outlinePaths } from "@/lib/geo/outline-svg";
import type { AreaGeometry } from "@/lib/geo/area-geometry";

/** A change's outline before (dashed grey) and after (solid) an edit, drawn in one frame. */
export default function OutlineDiff({ from, to, label }: { from: AreaGeometry | null; to: AreaGeometry | null; label: string }) {
  const [before, after] = outlinePaths({ geometries: [from, to], size: { width: 220, height: 140 } });
  return (
    <figure className="outline-diff">
      <svg width="220" height="140" viewBox="0 0 220 140" role="img" aria-label={label}>
        <rect width="220" height="140" fill="#f8fafc" stroke="#cbd5e1" />
        {before && <path d={before} fill="none" stroke="#6b7280" strokeWidth="1.5" strokeDasharray="5 3" fillRule="evenodd" data-outline="before" />}
        {after && <path d={after} fill="rgba(220,38,38,0.12)" stroke="#dc2626" strokeWidth="2" fillRule="evenodd" data-outline="after" />}
      </svg>
      {before && after && <figcaption className="small muted">dashed: before · solid: after</figcaption>}
    </figure>
  );
}
