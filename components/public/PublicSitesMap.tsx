"use client";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import type { FeatureCollection } from "geojson";
import { centroid } from "@turf/turf";
import SiteMap from "@/components/map/SiteMap";
import type { BasemapConfig } from "@/components/map/basemap";

/** The public overview: every published site as its footprint and a point; hover to name it, click to open it. */
export default function PublicSitesMap({ sites, basemap }: { sites: FeatureCollection; basemap: BasemapConfig }) {
  const router = useRouter();
  const [hovered, setHovered] = useState<string | null>(null);
  const names = useMemo(() => new Map(sites.features.map((f) => [String(f.properties?.slug), String(f.properties?.name)])), [sites]);
  const features = useMemo<FeatureCollection>(
    () => ({
      type: "FeatureCollection",
      features: sites.features.flatMap((f) => {
        const props = { id: f.properties?.slug, kind: "PUBLISHED" };
        return [
          { ...f, properties: props },
          { ...centroid(f as never), properties: props },
        ];
      }),
    }),
    [sites],
  );
  return (
    <div>
      <SiteMap
        basemap={basemap}
        changes={features}
        onSelect={(slug) => slug && router.push(`/sites/${slug}`)}
        onHover={setHovered}
        label="Map of published sites; select a site to open its timeline"
        height="520px"
      />
      <p className="small muted" aria-live="polite" data-testid="map-hover">
        {hovered ? `${names.get(hovered) ?? hovered}: click to open its timeline` : "Point at a site to see its name; click to open it."}
      </p>
    </div>
  );
}
