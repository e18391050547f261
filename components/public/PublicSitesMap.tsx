"use client";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import type { FeatureCollection } from "geojson";
import { centroid } from "@turf/turf";
import SiteMap from "@/components/map/SiteMap";
import type { BasemapConfig } from "@/components/map/basemap";

/** The public overview: every published site as its footprint and a point; click to open it. */
export default function PublicSitesMap({ sites, basemap }: { sites: FeatureCollection; basemap: BasemapConfig }) {
  const router = useRouter();
  const features = useMemo<FeatureCollection>(
    () => ({
      type: "FeatureCollection",
      features: sites.features.flatMap((f) => {
        const props = { id: f.properties?.slug, kind: "PUBLISHED", name: f.properties?.name };
        return [
          { ...f, properties: props },
          { ...centroid(f as never), properties: props },
        ];
      }),
    }),
    [sites],
  );
  return (
    <SiteMap
      basemap={basemap}
      changes={features}
      onSelect={(slug) => slug && router.push(`/sites/${slug}`)}
      label="Map of published sites; select a site to open its timeline"
      height="520px"
    />
  );
}
