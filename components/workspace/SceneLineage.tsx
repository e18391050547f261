// Where the chosen scene's files come from: the original as uploaded → its
// cloud-optimised copy → its public tiles, each with its parent's sha256 and
// the writer that made it (lib/scenes/scene-view.ts). For citing the imagery.
import type { SceneView } from "@/lib/scenes/scene-view";
import { formatDate } from "@/lib/format";

export default function SceneLineage({ scene }: { scene: SceneView | undefined }) {
  if (!scene) return null;
  const { original, cog, tiles } = scene.lineage;
  return (
    <details className="small" style={{ marginTop: "0.4rem" }} data-testid="scene-lineage">
      <summary>Lineage of the {formatDate(scene.acquiredAt)} image</summary>
      <ol className="lineage">
        <li>
          Original, as uploaded ({scene.originalFilename}, {original.bytes.toLocaleString("en")} bytes): sha256 <code>{original.sha256}</code>
        </li>
        {cog && (
          <li>
            → Cloud-optimised copy ({cog.bytes?.toLocaleString("en") ?? "?"} bytes) by {cog.writer}: sha256 <code>{cog.sha256}</code>, made from{" "}
            <code>{cog.parent.slice(0, 16)}…</code>
          </li>
        )}
        {tiles && (
          <li>
            → Public tiles (rendering {tiles.renderKey}) by {tiles.writer}, drawn from <code>{tiles.parent.slice(0, 16)}…</code>
          </li>
        )}
      </ol>
    </details>
  );
}
