"use client";
// One published change in the timeline's event list (SiteTimeline.tsx): its
// type, grade and confidence, what the date on the map says of it, and its record.
import { memo } from "react";
import { changeColor } from "@/components/map/change-colors";
import SourceList from "@/components/ui/SourceList";
import { labelOf } from "@/lib/annotations/taxonomy";
import { formatArea, formatDate } from "@/lib/format";
import type { ReleaseSnapshot } from "@/lib/releases/release-snapshot";

/**
 * One change in the event list; memoised, so moving the slider re-renders only
 * the changes whose state changes, and then only the line that says so: the
 * rest of the item (EventHead, EventBody) is memoised apart and never depends on the date.
 */
const TimelineEvent = memo(function TimelineEvent({
  change: c,
  state,
  selected,
  scenes,
  notes,
  onShow,
}: {
  change: ReleaseSnapshot["changes"][number];
  state: string;
  selected: boolean;
  scenes: Map<string, ReleaseSnapshot["scenes"][number]>;
  notes: string[] | undefined;
  onShow: (id: string) => void;
}) {
  return (
    <li id={`change-${c.id}`} className={`change-item state-${state}`} aria-current={selected} data-change-id={c.id} data-state={state}>
      <EventHead change={c} selected={selected} onShow={onShow} />
      {state === "later" && <span className="small muted"> · not yet detected on the date shown</span>}
      {state === "now" && <span className="small"> · detected on this date&apos;s image</span>}
      <EventBody change={c} scenes={scenes} notes={notes} />
    </li>
  );
});

const EventHead = memo(function EventHead({ change: c, selected, onShow }: { change: ReleaseSnapshot["changes"][number]; selected: boolean; onShow: (id: string) => void }) {
  return (
    <>
      <button type="button" className="secondary" onClick={() => onShow(c.id)} aria-pressed={selected} title="Show on the map">
        <span className="swatch" style={{ background: changeColor(c.changeType) }} aria-hidden="true" /> {c.changeTypeLabel ?? labelOf(c.changeType)}
      </button>{" "}
      {c.damageGrade && <span className="badge">{labelOf(c.damageGrade)}</span>} <span className="badge">{c.confidence} confidence</span>
    </>
  );
});

const EventBody = memo(function EventBody({
  change: c,
  scenes,
  notes,
}: {
  change: ReleaseSnapshot["changes"][number];
  scenes: Map<string, ReleaseSnapshot["scenes"][number]>;
  notes: string[] | undefined;
}) {
  const before = scenes.get(c.beforeSceneId);
  const after = scenes.get(c.afterSceneId);
  return (
    <>
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
          change {c.id.slice(-8)}, revision {c.revision} · first published in release {c.firstPublishedIn}
          {c.revisedIn !== c.firstPublishedIn ? `, corrected in release ${c.revisedIn}` : ""}
        </dd>
      </dl>
      {notes?.map((n) => (
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
    </>
  );
});

export default TimelineEvent;

/** The end of a large release's event list while its other changes are read (or why they could not be). */
export function RestOfEvents({ count, error, onRetry }: { count: number; error: string | null; onRetry: () => void }) {
  return (
    <li className="change-item small" role="status" data-testid="rest-of-changes">
      {error ? (
        <>
          The other {count} changes could not be read ({error}).{" "}
          <button type="button" className="link" onClick={onRetry}>
            Try again
          </button>{" "}
          or take them from the downloads below.
        </>
      ) : (
        <span className="muted">{`Reading the other ${count} changes…`}</span>
      )}
    </li>
  );
}
