"use client";
// The analyst viewer of one site: the scene timeline, the chosen scene over the
// site, drawing and describing changes, the site's changes with their review
// actions, and (for editors) publishing a release.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import type { FeatureCollection } from "geojson";
import type { Role } from "@prisma/client";
import type { BasemapConfig } from "@/components/map/basemap";
import type { ChangeView, SceneView } from "@/lib/annotations/change-view";
import type { AreaGeometry } from "@/lib/geo/area-geometry";
import { formatDate, formatDateTime } from "@/lib/format";
import ChangeCard from "./ChangeCard";
import ChangeForm from "./ChangeForm";
import PublishReleaseForm from "./PublishReleaseForm";
import SceneUploadForm from "./SceneUploadForm";
import ImageryViewer, { type ViewMode } from "./ImageryViewer";

interface Props {
  user: { id: string; name: string; role: Role };
  site: { id: string; slug: string; name: string; kind: string; qualifier: string; country: string; footprint: AreaGeometry; bbox: [number, number, number, number] };
  scenes: SceneView[];
  changes: ChangeView[];
  latestRelease: { number: number; publishedAt: string; note: string } | null;
  basemap: BasemapConfig;
  /** Open with this change selected and its after scene shown (links from the review queue). */
  initialChangeId?: string | null;
}

export default function SiteWorkspace({ user, site, scenes, changes, latestRelease, basemap, initialChangeId }: Props) {
  const router = useRouter();
  const initialChange = changes.find((c) => c.id === initialChangeId);
  const [chosenAfter, setSceneId] = useState<string | null>(initialChange?.afterSceneId ?? null);
  const [chosenBefore, setBeforeId] = useState<string | null>(initialChange?.beforeSceneId ?? null);
  // Until someone chooses, the latest scene is "after" and the earliest "before" (scenes arrive by upload too).
  const sceneId = scenes.some((s) => s.id === chosenAfter) ? chosenAfter : (scenes.at(-1)?.id ?? null);
  const beforeId = scenes.some((s) => s.id === chosenBefore) ? chosenBefore : scenes.length > 1 ? scenes[0]!.id : null;
  const [mode, setMode] = useState<ViewMode>(initialChange ? "swipe" : "single");
  const scene = scenes.find((s) => s.id === sceneId) ?? null;
  const [drawing, setDrawing] = useState(false);
  const [drawn, setDrawn] = useState<unknown>(null);
  const [clearSignal, setClearSignal] = useState(0);
  const [selected, setSelected] = useState<string | null>(initialChange?.id ?? null);
  const [flash, setFlash] = useState<string | null>(null);
  const refresh = () => router.refresh();

  const changeFeatures = useMemo<FeatureCollection>(
    () => ({
      type: "FeatureCollection",
      features: changes.map((c) => ({ type: "Feature", geometry: c.geometry, properties: { id: c.id, kind: c.status } })),
    }),
    [changes],
  );
  const approvedCount = changes.filter((c) => c.status === "APPROVED").length;
  const isReviewer = user.role === "EDITOR" || user.role === "ADMIN";
  const earliest = scenes[0];

  return (
    <>
      <p className="small muted">
        <Link href="/workspace">Sites</Link> / {site.country}
      </p>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>
          {site.name} <span className="badge">{site.qualifier}</span>
        </h1>
        {latestRelease ? (
          <Link href={`/sites/${site.slug}`}>Public page: release {latestRelease.number} of {formatDate(latestRelease.publishedAt)}</Link>
        ) : (
          <span className="muted small">Not published yet</span>
        )}
      </div>
      {flash && (
        <p className="notice" role="status">
          {flash}
        </p>
      )}

      <section className="panel" aria-labelledby="scenes-heading">
        <h2 id="scenes-heading" style={{ marginTop: 0 }}>Scenes</h2>
        {scenes.length === 0 && <p className="muted">No imagery yet: upload a GeoTIFF below.</p>}
        <div className="scene-strip" role="group" aria-label="Scene shown on the map">
          {scenes.map((s) => (
            <button key={s.id} type="button" aria-pressed={s.id === sceneId} onClick={() => setSceneId(s.id)} data-scene-id={s.id}>
              <strong>{formatDate(s.acquiredAt)}</strong> {s.synthetic && <span className="badge synthetic">synthetic</span>}
              <div className="small muted">
                {s.sensor || "unknown sensor"} · {s.width}×{s.height}, {s.bandCount} band{s.bandCount === 1 ? "" : "s"} · {s.crs}
              </div>
            </button>
          ))}
        </div>
        <details style={{ marginTop: "0.6rem" }}>
          <summary>Upload a scene</summary>
          <SceneUploadForm siteId={site.id} onUploaded={refresh} />
        </details>
      </section>

      <section aria-label="Imagery">
        <ImageryViewer
          basemap={basemap}
          siteName={site.name}
          footprint={site.footprint}
          bbox={site.bbox}
          changes={changeFeatures}
          scenes={scenes}
          beforeId={beforeId}
          afterId={sceneId}
          onPairChange={(b, a) => {
            setBeforeId(b);
            setSceneId(a);
          }}
          mode={mode}
          onModeChange={setMode}
          selectedId={selected}
          onSelect={setSelected}
          draw={{ active: drawing, onDrawn: setDrawn, clearSignal }}
        />
        <p className="small muted">
          Footprint dashed; changes coloured by status (grey draft, orange submitted, green approved, red published).
          {scenes.some((s) => s.synthetic && (s.id === sceneId || (mode !== "single" && s.id === beforeId))) && <strong> A scene shown is synthetic, derived for demonstration.</strong>}
        </p>
      </section>

      <div className="grid-2">
        <div>
          <section className="panel" aria-labelledby="draw-heading">
            <h2 id="draw-heading" style={{ marginTop: 0 }}>Draw a change</h2>
            {!drawing ? (
              <button type="button" onClick={() => setDrawing(true)} disabled={scenes.length < 2}>
                Draw a change
              </button>
            ) : (
              <ChangeForm
                siteId={site.id}
                geometry={drawn}
                scenes={scenes}
                defaultBeforeId={mode !== "single" && beforeId && beforeId !== sceneId ? beforeId : earliest?.id !== sceneId ? earliest?.id : undefined}
                defaultAfterId={sceneId ?? undefined}
                onCancel={() => {
                  setDrawing(false);
                  setDrawn(null);
                  setClearSignal((n) => n + 1);
                }}
                onSaved={() => {
                  setDrawing(false);
                  setDrawn(null);
                  setClearSignal((n) => n + 1);
                  setFlash("Change saved.");
                  refresh();
                }}
              />
            )}
            {scenes.length < 2 && <p className="small muted">A change is drawn between two dated scenes: upload at least two.</p>}
          </section>
        </div>
        <div>
          {isReviewer && (
            <section className="panel" aria-labelledby="release-heading">
              <h2 id="release-heading" style={{ marginTop: 0 }}>Publish</h2>
              {latestRelease && (
                <p className="small muted">
                  Latest: release {latestRelease.number}, {formatDateTime(latestRelease.publishedAt)}
                </p>
              )}
              <PublishReleaseForm
                siteId={site.id}
                approvedCount={approvedCount}
                onPublished={(n) => {
                  setFlash(`Release ${n} is published.`);
                  refresh();
                }}
              />
            </section>
          )}
        </div>
      </div>

      <section className="panel" aria-labelledby="changes-heading">
        <h2 id="changes-heading" style={{ marginTop: 0 }}>Changes ({changes.length})</h2>
        {changes.length === 0 && <p className="muted">No changes drawn yet.</p>}
        {changes.map((c) => (
          <ChangeCard key={`${c.id}:${c.version}`} change={c} user={user} selected={selected === c.id} onSelect={() => setSelected(c.id)} onChanged={refresh} />
        ))}
      </section>
    </>
  );
}
