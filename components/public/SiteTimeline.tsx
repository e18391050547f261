"use client";
// A published site's timeline: a slider over its public image dates shows the
// imagery of the chosen date and the changes detected by then (this date's in
// bold); a second date can be compared through a swipe; the event list and the
// map select each other; the changed-area plot follows the date; the view
// (date, compare date, centre, zoom) lives in the URL, so a copied link opens
// exactly this view. Reads only the release snapshot it is given.
import { type ReactNode, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import dynamic from "next/dynamic";
import type { FeatureCollection } from "geojson";
import PublicMap, { type PublicImagery } from "@/components/map/PublicMap";
import SwipeDivider from "@/components/map/SwipeDivider";
import type { BasemapConfig } from "@/components/map/basemap";
import { changeColor } from "@/components/map/change-colors";
import { formatDate } from "@/lib/format";
import { publicTileTemplate } from "@/lib/scenes/public-tile-url";
import { areaOverTime, changeStateAt, dateIndex, timelineDates, type MapViewState, type TimelineDate, type TimelineInitial, timelineQuery } from "@/lib/publish/timeline";
import { eventOrder, type PageSnapshot, type TimelineSnapshot } from "@/lib/publish/page-snapshot";
import TimelineEvent, { RestOfEvents } from "./TimelineEvent";
import { useFullSnapshot } from "./use-full-snapshot";
import { useLaterCorrections } from "./use-later-corrections";

const AreaPlot = dynamic(() => import("./AreaPlot"), { ssr: false, loading: () => <p className="small muted">Loading the area plot…</p> });

function imageryOf(d: TimelineDate | undefined): PublicImagery | null {
  if (!d || !d.scene.publicDisplay) return null;
  const s = d.scene;
  return {
    template: publicTileTemplate({ sceneId: s.id, render: s.render }),
    maxZoom: s.publicMaxZoom,
    attribution: `${formatDate(s.acquiredAt)}: ${s.attribution}${s.synthetic ? " (synthetic)" : ""}`,
  };
}

/**
 * Its children only once they come near the screen: the area plot and its chart library are below the first screen,
 * so a reader who never scrolls there never downloads them.
 */
function WhenNearViewport({ children, placeholder }: { children: ReactNode; placeholder: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || near) return;
    const seen = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setNear(true);
      },
      { rootMargin: "200px 0px" },
    );
    seen.observe(el);
    return () => seen.disconnect();
  }, [near]);
  return <div ref={ref}>{near ? children : <p className="small muted">{placeholder}</p>}</div>;
}

/**
 * Scrolls an item of the event list into view and keeps it there for a few seconds: the items around it are drawn
 * only once on screen (content-visibility), and a long one drawn at its real height, or the map and images loading
 * above, push it away — on a busy machine for longer than a few frames. The reader scrolling, tapping or pressing a key lets go.
 */
function keepInView(item: HTMLElement, ms = 5_000) {
  const until = performance.now() + ms;
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const type of ["wheel", "touchstart", "keydown", "pointerdown"] as const) window.removeEventListener(type, stop);
  };
  for (const type of ["wheel", "touchstart", "keydown", "pointerdown"] as const) window.addEventListener(type, stop, { passive: true });
  item.scrollIntoView({ block: "start" });
  let top = item.getBoundingClientRect().top;
  const tick = () => {
    if (stopped) return;
    if (performance.now() > until) return stop();
    const now = item.getBoundingClientRect().top;
    if (Math.abs(now - top) > 1) {
      item.scrollIntoView({ block: "start" });
      top = item.getBoundingClientRect().top;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** No ids (one array, so that a default prop does not change on every render). */
const NO_IDS: string[] = [];
const NO_NOTES: Record<string, string[]> = {};

export default function SiteTimeline({
  page,
  basemap,
  pinned = false,
  initial,
  embed = false,
}: {
  /** The release's timeline snapshot, whole or its first screen of changes (the rest read here). */
  page: PageSnapshot;
  basemap: BasemapConfig;
  /** A release's own page: what later releases corrected or retracted is read and marked beside its changes. */
  pinned?: boolean;
  initial: TimelineInitial;
  embed?: boolean;
}) {
  const { snapshot, complete, error: restError, retry: retryRest } = useFullSnapshot(page);
  const total = page.rest?.total ?? snapshot.changes.length;
  const later = useLaterCorrections(pinned ? { slug: snapshot.site.slug, number: snapshot.release.number } : null);
  const laterNotes = later?.notes ?? NO_NOTES;
  const retractedLater = later?.retracted ?? NO_IDS;
  const dates = useMemo(() => timelineDates(snapshot.scenes), [snapshot]);
  const [index, setIndex] = useState(() => dateIndex({ dates, wanted: initial.date }));
  const [compare, setCompare] = useState<string | null>(() => (initial.compare && dates.some((d) => d.date === initial.compare) ? initial.compare : null));
  const [swipe, setSwipe] = useState(() => initial.swipe ?? 0.5);
  const [selected, setSelected] = useState<string | null>(null);
  const [focusKey, setFocusKey] = useState(0);
  const [copied, setCopied] = useState<string | null>(null);
  /** What happened to the last "Copy a link": said aloud and on screen, since a copy is otherwise invisible. */
  const [copyStatus, setCopyStatus] = useState("");
  /** The list of changes beside the map (its own scroll on a wide screen). */
  const listRef = useRef<HTMLElement>(null);
  const view = useRef<MapViewState | null>(initial.view);
  const current = dates[index];
  const date = current?.date ?? "";
  const compareDate = compare && compare !== date ? dates.find((d) => d.date === compare) : undefined;

  const changes = useMemo<FeatureCollection>(() => {
    const retracted = new Set(retractedLater);
    return {
      type: "FeatureCollection",
      features: snapshot.changes.map((c) => ({
        type: "Feature",
        geometry: c.geometry,
        properties: { id: c.id, kind: c.changeType, grade: c.damageGrade ?? "", confidence: c.confidence, retracted: retracted.has(c.id) },
      })),
    };
  }, [snapshot, retractedLater]);
  const states = useMemo(() => Object.fromEntries(snapshot.changes.map((c) => [c.id, changeStateAt({ change: c, date })])), [snapshot, date]);
  // The map follows the slider in the same frame; the event list (a thousand items on a large site) follows in a
  // render React can interrupt, so a step never waits for the list to be redrawn.
  const listDate = useDeferredValue(date);
  const listStates = useMemo(
    () => (listDate === date ? states : Object.fromEntries(snapshot.changes.map((c) => [c.id, changeStateAt({ change: c, date: listDate })]))),
    [snapshot, listDate, date, states],
  );
  const series = useMemo(() => areaOverTime(snapshot), [snapshot]);
  const sorted = useMemo(() => [...snapshot.changes].sort(eventOrder), [snapshot]);
  const scenes = useMemo(() => new Map(snapshot.scenes.map((s) => [s.id, s])), [snapshot]);
  const seenBy = sorted.filter((c) => changeStateAt({ change: c, date }) !== "later").length;

  const permalink = useCallback(() => {
    const query = timelineQuery({ date: date || null, compare: compareDate?.date ?? null, swipe: compareDate ? swipe : null, view: view.current, embed });
    return `${window.location.origin}${window.location.pathname}?${query}`;
  }, [date, compareDate, swipe, embed]);

  // Once the reader changes the view (date, compare date, pan or zoom), the address bar holds it, so reloading or
  // bookmarking keeps it. Until then it stays the plain address the reader arrived at.
  const touched = useRef(false);
  const arrivedAt = useRef(`${date}|${compareDate?.date ?? ""}`);
  const firstView = useRef(true);
  const syncUrl = useCallback(() => {
    if (touched.current) window.history.replaceState(window.history.state, "", permalink());
  }, [permalink]);
  useEffect(() => {
    if (`${date}|${compareDate?.date ?? ""}` !== arrivedAt.current) touched.current = true;
    syncUrl();
  }, [syncUrl, date, compareDate?.date]);

  const showOnMap = useCallback((id: string) => {
    setSelected(id);
    setFocusKey((k) => k + 1);
  }, []);

  /**
   * A change picked on the map: selected, and brought into view in the list
   * when the list scrolls on its own beside the map. The page itself never
   * moves: on a phone the list is below the map, and the reader is looking at the map.
   */
  const selectFromMap = (id: string | null) => {
    setSelected(id);
    const list = listRef.current;
    const item = id ? document.getElementById(`change-${id}`) : null;
    if (!list || !item || list.scrollHeight <= list.clientHeight) return;
    const top = item.offsetTop;
    if (top < list.scrollTop || top + item.offsetHeight > list.scrollTop + list.clientHeight) list.scrollTo({ top: Math.max(0, top - 8), behavior: "smooth" });
  };

  // A link to one change (#change-ID) of a large release: its item exists once every change has been read.
  useEffect(() => {
    if (!complete || !page.rest) return;
    const linked = /^#change-(.+)$/.exec(window.location.hash)?.[1];
    const item = linked ? document.getElementById(`change-${decodeURIComponent(linked)}`) : null;
    if (item) keepInView(item);
  }, [complete, page.rest]);

  const onScreen = [current?.scene, compareDate?.scene].filter((s): s is NonNullable<typeof s> => Boolean(s));

  if (dates.length === 0) return <p className="muted">This release has no imagery dates.</p>;

  return (
    <div className={embed ? "timeline embed" : "timeline"}>
      <section className="panel timeline-controls" aria-label="Timeline">
        {/* On a phone this block lies over the bottom of the map (app/globals.css); elsewhere it is above the map. */}
        <div className="timeline-slider-block">
          <label htmlFor="timeline-date" className="timeline-label">
            Image date: <strong data-testid="timeline-date">{date}</strong>
            {current?.scene.synthetic && <span className="badge synthetic">synthetic imagery</span>}
            {complete && (
              <span className="small muted">
                {" "}
                · {seenBy} of {total} change{total === 1 ? "" : "s"} detected by this date
              </span>
            )}
          </label>
          <input
            id="timeline-date"
            type="range"
            min={0}
            max={dates.length - 1}
            step={1}
            value={index}
            list="timeline-ticks"
            aria-valuetext={`${date}, image ${index + 1} of ${dates.length}`}
            onChange={(e) => setIndex(Number(e.target.value))}
            data-testid="timeline-slider"
          />
          <datalist id="timeline-ticks">
            {dates.map((d, i) => (
              <option key={d.date} value={i} label={d.date} />
            ))}
          </datalist>
          <div className="timeline-ticks small muted" aria-hidden="true">
            {dates.map((d, i) => (
              <button key={d.date} type="button" tabIndex={-1} className={i === index ? "link current" : "link"} onClick={() => setIndex(i)}>
                {d.date}
              </button>
            ))}
          </div>
        </div>
        <div className="row small">
          <label className="inline">
            Compare with
            <select value={compareDate?.date ?? ""} onChange={(e) => setCompare(e.target.value || null)} data-testid="compare-select">
              <option value="">no other date</option>
              {dates
                .filter((d) => d.date !== date)
                .map((d) => (
                  <option key={d.date} value={d.date}>
                    {d.date}
                  </option>
                ))}
            </select>
          </label>
          {compareDate && (
            <span className="small muted">
              {compareDate.date} left of the line on the map, {date} right of it: drag the line or move it with the arrow keys.
            </span>
          )}
        </div>
        {!current?.scene.publicDisplay && <p className="small warning">The licence of this date&apos;s imagery does not allow showing it publicly: only the changes are drawn.</p>}
      </section>

      <div className={embed ? "" : "grid-2"}>
        <div>
          <div className="swipe-host">
            <PublicMap
              basemap={basemap}
              footprint={snapshot.site.footprint}
              changes={changes}
              changeStates={states}
              imagery={imageryOf(current)}
              compare={imageryOf(compareDate)}
              swipe={swipe}
              selectedId={selected}
              onSelect={selectFromMap}
              initialView={initial.view}
              onViewChange={(v) => {
                view.current = v;
                // The first report is the map settling on its opening view, not the reader moving it.
                if (firstView.current) firstView.current = false;
                else touched.current = true;
                syncUrl();
              }}
              focusKey={focusKey}
              height={embed ? "calc(100vh - 150px)" : "480px"}
              label={`Map of ${snapshot.site.name} on ${date}: imagery, the site footprint (dashed) and the changes detected by then`}
            />
            {compareDate && (
              <SwipeDivider
                value={swipe}
                onChange={setSwipe}
                leftLabel={compareDate.date}
                rightLabel={date}
                label={`Swipe between ${compareDate.date} (left) and ${date} (right)`}
              />
            )}
          </div>
          <Legend snapshot={snapshot} anyRetracted={retractedLater.length > 0} />
          <p className="small muted" data-testid="imagery-on-screen">
            Imagery on screen:{" "}
            {onScreen.map((s, i) => (
              <span key={s.id}>
                {i > 0 && "; "}
                {formatDate(s.acquiredAt)} {s.sensor || "unknown sensor"}, {s.attribution}, licence {s.license}
                {s.synthetic ? " (synthetic: derived for demonstration, not a real observation)" : ""}
              </span>
            ))}
          </p>
          {!embed && (
            <div className="row small">
              <button
                type="button"
                className="secondary"
                onClick={async () => {
                  const link = permalink();
                  setCopied(link);
                  // The clipboard needs a secure page (HTTPS or localhost) and the reader's leave; otherwise the link is shown to copy by hand.
                  const done = await (navigator.clipboard?.writeText(link).then(() => true) ?? Promise.resolve(false)).catch(() => false);
                  setCopyStatus(done ? "Link copied" : "Copy the link below");
                }}
                data-testid="copy-permalink"
              >
                Copy a link to this view
              </button>
              <span role="status" aria-live="polite" className="copy-status" data-testid="copy-status">
                {copyStatus}
              </span>
              {copied && (
                <input readOnly value={copied} aria-label="Link to this view" onFocus={(e) => e.currentTarget.select()} data-testid="permalink" style={{ flex: 1, minWidth: 0 }} />
              )}
            </div>
          )}
        </div>

        {!embed && (
          <section className="panel timeline-changes" aria-labelledby="changes-heading" ref={listRef}>
            <h2 id="changes-heading">
              {total} published change{total === 1 ? "" : "s"}
            </h2>
            <ol className="plain event-list" data-testid="public-changes">
              {sorted.map((c) => (
                <TimelineEvent
                  key={c.id}
                  change={c}
                  state={listStates[c.id]!}
                  selected={selected === c.id}
                  scenes={scenes}
                  notes={laterNotes[c.id]}
                  onShow={showOnMap}
                  slug={snapshot.site.slug}
                  releaseNumber={snapshot.release.number}
                />
              ))}
              {!complete && <RestOfEvents count={total - sorted.length} error={restError} onRetry={retryRest} />}
            </ol>
          </section>
        )}
      </div>
      {!embed && complete && series.types.length > 0 && (
        <section className="panel" aria-labelledby="area-heading">
          <h2 id="area-heading">Changed area over time</h2>
          <WhenNearViewport placeholder="The area plot is drawn when you scroll to it.">
            <AreaPlot series={series} currentDate={date} />
          </WhenNearViewport>
        </section>
      )}
    </div>
  );
}

function Legend({ snapshot, anyRetracted }: { snapshot: TimelineSnapshot; anyRetracted: boolean }) {
  const types = [...new Map(snapshot.changes.map((c) => [c.changeType, c.changeTypeLabel])).entries()];
  if (types.length === 0) return null;
  return (
    <ul className="legend small" aria-label="Legend">
      {types.map(([k, label]) => (
        <li key={k}>
          <span className="swatch" style={{ background: changeColor(k) }} aria-hidden="true" /> {label}
        </li>
      ))}
      <li>bold outline: detected on the date shown</li>
      <li>solid / dashed / dotted: high / medium / low confidence</li>
      <li>stronger fill: heavier damage grade</li>
      {anyRetracted && (
        <li data-testid="legend-retracted">
          <span className="swatch retracted" aria-hidden="true" /> grey, crossed out: retracted in a later release
        </li>
      )}
    </ul>
  );
}
