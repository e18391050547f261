"use client";
// The public overview: every listed site as a point, clustered when zoomed
// out (click a cluster to zoom in); hover names a site, click opens it.
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import type { FeatureCollection } from "geojson";
import PublicMap from "@/components/map/PublicMap";
import type { BasemapConfig } from "@/components/map/basemap";

export interface SitePoint {
  slug: string;
  name: string;
  center: [number, number];
}

export default function PublicSitesMap({ sites, basemap }: { sites: SitePoint[]; basemap: BasemapConfig }) {
  const router = useRouter();
  const [hovered, setHovered] = useState<string | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const names = useMemo(() => new Map(sites.map((s) => [s.slug, s.name])), [sites]);
  const points = useMemo<FeatureCollection>(
    () => ({
      type: "FeatureCollection",
      features: sites.map((s) => ({ type: "Feature", geometry: { type: "Point", coordinates: s.center }, properties: { id: s.slug, name: s.name } })),
    }),
    [sites],
  );
  return (
    <div>
      <PublicMap
        basemap={basemap}
        points={points}
        onSelect={(slug) => slug && router.push(`/sites/${slug}`)}
        onHover={setHovered}
        onClusterPick={setPicked}
        label="Map of published sites; select a site to open its timeline"
        height="520px"
      />
      <p className="small muted" aria-live="polite" data-testid="map-hover">
        {hovered?.startsWith("cluster:")
          ? `${hovered.slice(8).split(",").length} sites here (${hovered
              .slice(8)
              .split(",")
              .map((s) => names.get(s) ?? s)
              .join(", ")}): click to zoom in`
          : hovered
            ? `${names.get(hovered) ?? hovered}: click to open its timeline`
            : "Point at a site to see its name; click to open it. Numbers are groups of sites: click to zoom in."}
      </p>
      {picked.length > 0 && (
        <nav className="small panel" aria-label="Sites at this place" data-testid="map-pick">
          {picked.length} sites share this place:{" "}
          {picked.map((slug, i) => (
            <span key={slug}>
              {i > 0 && ", "}
              <a href={`/sites/${slug}`}>{names.get(slug) ?? slug}</a>
            </span>
          ))}
        </nav>
      )}
    </div>
  );
}
