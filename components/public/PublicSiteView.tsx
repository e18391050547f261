"use client";
// A published site: its footprint and changes on the map, the list of changes
// beside it, selection linked both ways.
import { useMemo, useState } from "react";
import type { FeatureCollection } from "geojson";
import SiteMap from "@/components/map/SiteMap";
import SourceList from "@/components/ui/SourceList";
import type { BasemapConfig } from "@/components/map/basemap";
import { formatArea } from "@/lib/geo/area-geometry";
import { labelOf } from "@/lib/annotations/taxonomy";
import { formatDate } from "@/lib/format";
import type { ReleaseSnapshot } from "@/lib/releases/release-snapshot";

export default function PublicSiteView({ snapshot, basemap, laterNotes = {} }: { snapshot: ReleaseSnapshot; basemap: BasemapConfig; laterNotes?: Record<string, string[]> }) {
  const [selected, setSelected] = useState<string | null>(null);
  const changes = useMemo<FeatureCollection>(
    () => ({
      type: "FeatureCollection",
      features: snapshot.changes.map((c) => ({ type: "Feature", geometry: c.geometry, properties: { id: c.id, kind: c.changeType } })),
    }),
    [snapshot],
  );
  const scenes = new Map(snapshot.scenes.map((s) => [s.id, s]));
  return (
    <div className="grid-2">
      <SiteMap
        basemap={basemap}
        footprint={snapshot.site.footprint}
        changes={changes}
        selectedId={selected}
        onSelect={setSelected}
        label={`Map of ${snapshot.site.name}: the site footprint (dashed) and its published changes`}
      />
      <section className="panel" aria-labelledby="changes-heading">
        <h2 id="changes-heading">
          {snapshot.changes.length} published change{snapshot.changes.length === 1 ? "" : "s"}
        </h2>
        <ol className="plain" data-testid="public-changes">
          {snapshot.changes.map((c) => {
            const before = scenes.get(c.beforeSceneId);
            const after = scenes.get(c.afterSceneId);
            return (
              <li key={c.id} className="change-item" aria-current={selected === c.id} data-change-id={c.id}>
                <button type="button" className="secondary" onClick={() => setSelected(c.id)} aria-pressed={selected === c.id}>
                  {c.changeTypeLabel ?? labelOf(c.changeType)}
                </button>{" "}
                {c.damageGrade && <span className="badge">{labelOf(c.damageGrade)}</span>} <span className="badge">{c.confidence} confidence</span>
                <dl className="facts">
                  <dt>Detected between</dt>
                  <dd>
                    {formatDate(c.detectedAfter)} and {formatDate(c.detectedBy)}
                    {(before?.synthetic || after?.synthetic) && <span className="badge synthetic"> synthetic imagery</span>}
                  </dd>
                  <dt>Area</dt>
                  <dd>{formatArea(c.areaM2)}</dd>
                  <dt>Drawn by</dt>
                  <dd>
                    {c.analyst}
                    {c.revisedBy ? `; revision ${c.revision} by ${c.revisedBy}` : ""}; reviewed by {c.reviewers.join(", ") || "—"}
                  </dd>
                  <dt>Record</dt>
                  <dd className="small">
                    change {c.id.slice(-8)}, revision {c.revision}
                    {c.firstPublishedIn !== undefined && (
                      <>
                        {" "}
                        · first published in release {c.firstPublishedIn}
                        {c.revisedIn !== c.firstPublishedIn ? `, corrected in release ${c.revisedIn}` : ""}
                      </>
                    )}
                  </dd>
                </dl>
                {laterNotes[c.id]?.map((n) => (
                  <p key={n} className="warning small" data-testid="later-note">
                    {n}
                  </p>
                ))}
                <p>{c.description}</p>
                {c.sources.length > 0 && (
                  <>
                    <h3 className="small">Sources</h3>
                    <SourceList sources={c.sources} />
                  </>
                )}
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}
