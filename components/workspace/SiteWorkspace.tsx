"use client";
// The analyst viewer of one site: the scene timeline, the imagery (one scene,
// side by side or a swipe between the detection window's two scenes), drawing
// and describing changes with the geometry rules checked live, the site's
// changes with their review actions, comments and history, and (for editors)
// publishing a release.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import type { FeatureCollection } from "geojson";
import type { Role } from "@prisma/client";
import type { BasemapConfig } from "@/components/map/basemap";
import type { SketchTool } from "@/components/map/SiteMap";
import { checkChangeGeometry, geometryContextOf } from "@/lib/annotations/change-geometry-rules";
import { isLiveInWindow } from "@/lib/annotations/annotation-rules";
import type { ChangeView } from "@/lib/annotations/change-view";
import { hasCapability } from "@/lib/auth/roles";
import { isSceneReady } from "@/lib/scenes/scene-rules";
import type { SiteWorkspaceView } from "@/lib/sites/site-view";
import type { AreaGeometry } from "@/lib/geo/area-geometry";
import { geometryBbox } from "@/lib/geo/bbox";
import { recordSketch, redoSketch, removePart, startSketch, undoSketch, type SketchHistory } from "@/lib/geo/sketch";
import { formatDate, formatDateTime } from "@/lib/format";
import ChangeCard from "./ChangeCard";
import ChangeEditor from "./ChangeEditor";
import DetectionPanel, { type CandidateItem } from "./DetectionPanel";
import FindWhenPanel from "./FindWhenPanel";
import DrawingTools from "./DrawingTools";
import PublishReleaseForm from "./PublishReleaseForm";
import SceneStatusList from "./SceneStatusList";
import SceneLineage from "./SceneLineage";
import SceneUploadForm from "./SceneUploadForm";
import ImageryViewer, { type ViewMode } from "./ImageryViewer";

interface Props extends SiteWorkspaceView {
  user: { id: string; name: string; role: Role };
  basemap: BasemapConfig;
  /** Open with this change selected and its window shown (links from the review queue and the analyst's list). */
  initialChangeId?: string | null;
}

type Editing = { base: ChangeView | null; key: number } | null;

export default function SiteWorkspace({ user, site, scenes: allScenes, changes, changeTypes, allowedArea, footprintBufferM, latestRelease, basemap, initialChangeId }: Props) {
  const router = useRouter();
  // Only READY scenes are shown, compared or chosen as a window; the others are listed with their conversion's state.
  const scenes = useMemo(() => allScenes.filter(isSceneReady), [allScenes]);
  const notReady = useMemo(() => allScenes.filter((s) => !isSceneReady(s)), [allScenes]);
  const [uploadOpen, setUploadOpen] = useState(false);
  const initialChange = changes.find((c) => c.id === initialChangeId);
  const [chosenAfter, setSceneId] = useState<string | null>(initialChange?.afterSceneId ?? null);
  const [chosenBefore, setBeforeId] = useState<string | null>(initialChange?.beforeSceneId ?? null);
  // Until someone chooses, the latest scene is "after" and the earliest "before" (scenes arrive by upload too).
  const sceneId = scenes.some((s) => s.id === chosenAfter) ? chosenAfter : (scenes.at(-1)?.id ?? null);
  const beforeId = scenes.some((s) => s.id === chosenBefore) ? chosenBefore : scenes.length > 1 ? scenes[0]!.id : null;
  const [mode, setMode] = useState<ViewMode>(initialChange ? "swipe" : "single");
  const [editing, setEditing] = useState<Editing>(null);
  // The detection window of the change being edited: set in its form, independent of which scenes the map shows.
  const [windowPair, setWindowPair] = useState<{ before: string | null; after: string | null }>({ before: null, after: null });
  const [sketch, setSketch] = useState<SketchHistory>(startSketch());
  const [tool, setTool] = useState<SketchTool>("draw");
  const [snap, setSnap] = useState(true);
  const [selectedPart, setSelectedPart] = useState<number | null>(null);
  const [selected, setSelected] = useState<string | null>(initialChange?.id ?? null);
  const [flash, setFlash] = useState<string | null>(null);
  const [candidates, setCandidates] = useState<CandidateItem[]>([]);
  const [selectedCandidate, setSelectedCandidate] = useState<string | null>(null);
  const [goTo, setGoTo] = useState<{ lon: number; lat: number; zoom: number } | null>(null);
  /** A change just made from a candidate: opened for editing once the refreshed list has it. */
  const [pendingEdit, setPendingEdit] = useState<string | null>(null);
  const refresh = () => router.refresh();
  const typeLabels = useMemo(() => new Map(changeTypes.map((t) => [t.key, t.label])), [changeTypes]);

  const setPair = (b: string | null, a: string | null) => {
    setBeforeId(b);
    setSceneId(a);
  };

  function startEditing(base: ChangeView | null) {
    setEditing({ base, key: Date.now() });
    setWindowPair(base ? { before: base.beforeSceneId, after: base.afterSceneId } : { before: beforeId, after: sceneId });
    setSketch(startSketch(base?.geometry ?? null));
    setTool(base ? "edit" : "draw");
    setSelectedPart(null);
    setFlash(null);
    if (base) {
      setPair(base.beforeSceneId, base.afterSceneId);
      setSelected(base.id);
      if (mode === "single") setMode("swipe");
    }
  }
  function stopEditing() {
    setEditing(null);
    setSketch(startSketch());
    setSelectedPart(null);
  }
  useEffect(() => {
    if (!pendingEdit) return;
    const made = changes.find((c) => c.id === pendingEdit);
    if (!made) return;
    setPendingEdit(null);
    startEditing(made);
    setFlash("Accepted: a draft change with the candidate's outline and these two scenes as its detection window. Describe it and save; then submit it for review.");
    // eslint-disable-next-line react-hooks/exhaustive-deps -- startEditing reads the current state; this runs only when the refreshed list brings the new change
  }, [changes, pendingEdit]);

  /** A candidate picked in the list or on the map: highlighted and centred, about a quarter of the map wide. */
  function pickCandidate(c: CandidateItem | null) {
    setSelectedCandidate(c?.id ?? null);
    if (!c) return;
    const [w, s, e, n] = geometryBbox(c.geometry);
    const spanDeg = Math.max(e - w, n - s, 1e-5);
    const zoom = Math.max(10, Math.min(19, Math.log2(360 / (256 * ((spanDeg * 4) / 800)))));
    setGoTo({ lon: (w + e) / 2, lat: (s + n) / 2, zoom });
  }

  const changeSketch = (g: AreaGeometry | null) => setSketch((h) => recordSketch({ history: h, next: g }));

  // The same rules the server applies, run on every edit of the outline, against the change's own window.
  const afterScene = scenes.find((s) => s.id === windowPair.after) ?? null;
  const shownAfter = scenes.find((s) => s.id === sceneId) ?? null;
  const editingId = editing?.base?.id ?? null;
  const check = useMemo(() => {
    if (!editing || !sketch.present) return null;
    return checkChangeGeometry({
      input: sketch.present,
      ctx: geometryContextOf({
        allowedArea,
        footprintBufferM,
        afterScenePixelAreaM2: afterScene?.pixelAreaM2,
        others: changes
          .filter((c) => c.id !== editingId && isLiveInWindow({ change: c, window: { beforeSceneId: windowPair.before ?? "", afterSceneId: windowPair.after ?? "" } }))
          .map((c) => ({ id: c.id, status: c.status, typeLabel: c.changeTypeLabel, authorName: c.authorName, geometry: c.geometry })),
      }),
    });
  }, [editing, editingId, sketch.present, allowedArea, footprintBufferM, afterScene?.pixelAreaM2, changes, windowPair]);

  const changeFeatures = useMemo<FeatureCollection>(
    () => ({
      type: "FeatureCollection",
      // The change being edited is shown by the sketch instead.
      features: [
        ...changes.filter((c) => c.id !== editingId).map((c) => ({ type: "Feature" as const, geometry: c.geometry, properties: { id: c.id, kind: c.status } })),
        // Undecided detection candidates of the compared pair, dotted.
        ...candidates
          .filter((c) => c.status === "UNDECIDED")
          .map((c) => ({ type: "Feature" as const, geometry: c.geometry, properties: { id: `candidate:${c.id}`, kind: "CANDIDATE" } })),
      ],
    }),
    [changes, editingId, candidates],
  );
  // Setting a scene's public rendering and publishing a release: the routes behind both need release:publish.
  const publisher = hasCapability({ role: user.role, capability: "release:publish" });

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
          <Link href={`/sites/${site.slug}`}>
            Public page: release {latestRelease.number} of {formatDate(latestRelease.publishedAt)}
          </Link>
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
        <h2 id="scenes-heading" style={{ marginTop: 0 }}>
          Scenes
        </h2>
        {scenes.length === 0 && <p className="muted">{notReady.length === 0 ? "No imagery yet: upload a GeoTIFF below." : "No scene is ready yet."}</p>}
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
        <SceneLineage scene={scenes.find((s) => s.id === sceneId)} />
        <SceneStatusList scenes={notReady} onChanged={refresh} />
        <details style={{ marginTop: "0.6rem" }} open={uploadOpen} onToggle={(e) => setUploadOpen(e.currentTarget.open)}>
          <summary>Upload a scene</summary>
          <SceneUploadForm siteId={site.id} onUploaded={refresh} onResumed={() => setUploadOpen(true)} />
        </details>
      </section>

      <div className={editing ? "workspace-editing" : undefined}>
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
            onPairChange={setPair}
            mode={mode}
            onModeChange={setMode}
            selectedId={selectedCandidate ? `candidate:${selectedCandidate}` : selected}
            onSelect={(id) => {
              if (id?.startsWith("candidate:")) {
                const c = candidates.find((x) => x.id === id.slice("candidate:".length)) ?? null;
                setSelectedCandidate(c?.id ?? null);
                if (c) document.querySelector<HTMLButtonElement>(`[data-candidate-id="${c.id}"] button.candidate-pick`)?.focus();
              } else {
                setSelectedCandidate(null);
                setSelected(id);
              }
            }}
            goTo={goTo}
            canSetPublic={publisher}
            sketch={
              editing
                ? {
                    geometry: sketch.present,
                    onChange: changeSketch,
                    tool,
                    onPartDrawn: () => setTool("edit"),
                    snap,
                    markers: [...(check?.errors ?? []), ...(check?.warnings ?? [])].flatMap((p) => p.at.map((at) => ({ at, severity: p.severity }))),
                    selectedPart,
                    onSelectPart: setSelectedPart,
                  }
                : null
            }
          />
          <p className="small muted">
            Footprint dashed; changes coloured by status (grey draft, orange submitted, green approved, red published); detection candidates dotted teal; the outline you are
            drawing in amber.
            {scenes.some((s) => s.synthetic && (s.id === sceneId || (mode !== "single" && s.id === beforeId))) && (
              <strong> A scene shown is synthetic, derived for demonstration.</strong>
            )}
          </p>
        </section>

        <div className="grid-2">
          <section className="panel" aria-labelledby="draw-heading">
            <h2 id="draw-heading" style={{ marginTop: 0 }}>
              {editing?.base ? `Edit: ${editing.base.changeTypeLabel}, revision ${editing.base.revision}` : "Draw a change"}
            </h2>
            {!editing ? (
              <>
                <button type="button" onClick={() => startEditing(null)} disabled={scenes.length < 2}>
                  Draw a change
                </button>
                {scenes.length < 2 && <p className="small muted">A change is drawn between two dated scenes: upload at least two.</p>}
              </>
            ) : (
              <div className="stack">
                <p className="small muted">
                  Draw over the change&apos;s after scene; its before scene is one swipe away (Swipe, above). The outline may reach {footprintBufferM} m beyond the site footprint.
                </p>
                {windowPair.after && (windowPair.after !== sceneId || (mode !== "single" && windowPair.before !== beforeId)) && (
                  <p className="warning small" data-testid="window-differs">
                    The map shows {mode !== "single" && beforeId ? `${formatDate(scenes.find((x) => x.id === beforeId)?.acquiredAt ?? "")} → ` : ""}
                    {shownAfter ? formatDate(shownAfter.acquiredAt) : "no scene"}, not this change&apos;s window.{" "}
                    <button type="button" className="link" onClick={() => setPair(windowPair.before, windowPair.after)}>
                      Show the change&apos;s window
                    </button>
                  </p>
                )}
                <DrawingTools
                  history={sketch}
                  onUndo={() => setSketch(undoSketch)}
                  onRedo={() => setSketch(redoSketch)}
                  onChange={changeSketch}
                  tool={tool}
                  onToolChange={setTool}
                  snap={snap}
                  onSnapChange={setSnap}
                  selectedPart={selectedPart}
                  onSelectPart={setSelectedPart}
                  onDeletePart={(i) => {
                    setSketch((h) => recordSketch({ history: h, next: removePart({ geometry: h.present, index: i }) }));
                    setSelectedPart(null);
                  }}
                  check={check}
                />
                <ChangeEditor
                  key={editing.key}
                  user={user}
                  siteId={site.id}
                  base={editing.base}
                  geometry={sketch.present}
                  check={check}
                  scenes={scenes}
                  changeTypes={changeTypes}
                  beforeId={windowPair.before}
                  afterId={windowPair.after}
                  onWindowChange={(b, a) => {
                    setWindowPair({ before: b, after: a });
                    setPair(b, a);
                  }}
                  onLoadTheirs={(current) => setSketch((h) => recordSketch({ history: h, next: current.geometry }))}
                  onCancel={stopEditing}
                  onSaved={(message) => {
                    stopEditing();
                    setFlash(message);
                    refresh();
                  }}
                />
              </div>
            )}
          </section>
          <div>
            {publisher && (
              <section className="panel" aria-labelledby="release-heading">
                <h2 id="release-heading" style={{ marginTop: 0 }}>
                  Publish
                </h2>
                {latestRelease && (
                  <p className="small muted">
                    Latest: release {latestRelease.number}, {formatDateTime(latestRelease.publishedAt)}
                  </p>
                )}
                <PublishReleaseForm
                  siteId={site.id}
                  siteSlug={site.slug}
                  changesKey={changes.map((c) => `${c.id}:${c.version}`).join(",")}
                  onPublished={(n) => {
                    setFlash(`Release ${n} is published.`);
                    refresh();
                  }}
                />
              </section>
            )}
          </div>
        </div>
      </div>

      <DetectionPanel
        siteId={site.id}
        scenes={scenes}
        beforeId={beforeId}
        afterId={sceneId}
        selectedId={selectedCandidate}
        onSelect={pickCandidate}
        onCandidates={setCandidates}
        typeLabels={typeLabels}
        onAccepted={(annotationId) => {
          setSelectedCandidate(null);
          setPendingEdit(annotationId);
          refresh();
        }}
      />

      <FindWhenPanel siteId={site.id} scenes={scenes} onPairChange={setPair} />

      <section className="panel" aria-labelledby="changes-heading">
        <h2 id="changes-heading" style={{ marginTop: 0 }}>
          Changes ({changes.length})
        </h2>
        {changes.length === 0 && <p className="muted">No changes drawn yet.</p>}
        {changes.map((c) => (
          <ChangeCard
            key={`${c.id}:${c.version}`}
            change={c}
            user={user}
            typeLabels={typeLabels}
            selected={selected === c.id}
            onSelect={() => {
              setSelected(c.id);
              setPair(c.beforeSceneId, c.afterSceneId);
            }}
            onEdit={editing ? undefined : () => startEditing(c)}
            onChanged={refresh}
          />
        ))}
      </section>
    </>
  );
}
