"use client";
// One published change in the timeline's event list (SiteTimeline.tsx): its
// type, grade and confidence, what the date on the map says of it, and its record.
import { memo } from "react";
import { changeColor } from "@/components/map/change-colors";
import SourceList from "@/components/ui/SourceList";
import { labelOf } from "@/lib/annotations/taxonomy";
import { formatArea, formatDate } from "@/lib/format";
import type { ReleaseSnapshot } from "@/lib/releases/release-snapshot";
import { chipPath } from "@/lib/publish/public-exports";

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
  slug,
  releaseNumber,
}: {
  change: ReleaseSnapshot["changes"][number];
  state: string;
  selected: boolean;
  scenes: Map<string, ReleaseSnapshot["scenes"][number]>;
  notes: string[] | undefined;
  onShow: (id: string) => void;
  slug: string;
  releaseNumber: number;
}) {
  return (
    <li id={`change-${c.id}`} className={`change-item state-${state}`} aria-current={selected} data-change-id={c.id} data-state={state}>
      <EventHead change={c} selected={selected} onShow={onShow} />
      {state === "later" && <span className="small muted"> · not yet detected on the date shown</span>}
      {state === "now" && <span className="small"> · detected on this date&apos;s image</span>}
      <EventBody change={c} scenes={scenes} notes={notes} slug={slug} releaseNumber={releaseNumber} />
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
  slug,
  releaseNumber,
}: {
  change: ReleaseSnapshot["changes"][number];
  scenes: Map<string, ReleaseSnapshot["scenes"][number]>;
  notes: string[] | undefined;
  slug: string;
  releaseNumber: number;
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
      <Chips change={c} scenes={scenes} slug={slug} releaseNumber={releaseNumber} />
    </>
  );
});

/**
 * The claim's image chips (its outline over the before and the after image) where the licence allows showing them;
 * in a closed <details>, so a long list loads none until the reader asks. The release archive holds every chip.
 */
function Chips({
  change: c,
  scenes,
  slug,
  releaseNumber,
}: {
  change: ReleaseSnapshot["changes"][number];
  scenes: Map<string, ReleaseSnapshot["scenes"][number]>;
  slug: string;
  releaseNumber: number;
}) {
  const shown = (["before", "after"] as const)
    .map((role) => ({ role, chip: c.chips?.[role] ?? null, scene: scenes.get(role === "before" ? c.beforeSceneId : c.afterSceneId) }))
    .filter((x) => x.chip && x.scene?.publicDisplay);
  if (shown.length === 0) return null;
  return (
    <details className="chips" data-testid="chips">
      <summary className="small">Before and after images of this change</summary>
      <div className="chip-row">
        {shown.map(({ role, chip, scene }) => (
          <figure key={role}>
            {/* eslint-disable-next-line @next/next/no-img-element -- a fixed-size evidence image, served as it was stored */}
            <img
              src={chipPath({ slug, releaseNumber, sha256: chip!.sha256 })}
              width={chip!.width}
              height={chip!.height}
              loading="lazy"
              alt={`${role === "before" ? "Before" : "After"}: the change's outline over the ${formatDate(scene!.acquiredAt)} image`}
            />
          </figure>
        ))}
      </div>
    </details>
  );
}

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
