"use client";
// What the change editor shows when a save was refused because someone else changed the change meanwhile:
// what they did, what is now there, which of your edits can be reapplied on top (only what the server would take).
import type { Role } from "@prisma/client";
import EventsSince from "@/components/ui/EventsSince";
import { changedFields, contentOf, FIELD_NAMES, reapplyEdits, type ChangeContent } from "@/lib/annotations/change-compare";
import type { ChangeView, StaleVersionDetails } from "@/lib/annotations/change-view";
import { statusLabel } from "@/lib/annotations/taxonomy";
import { decideEdit } from "@/lib/review/review-moves";

export interface Conflict {
  message: string;
  current: ChangeView;
  since: StaleVersionDetails["since"];
  /** The save that was refused was also to send the change for review. */
  alsoSubmit: boolean;
}

export default function EditConflictPanel(props: {
  conflict: Conflict;
  base: ChangeView;
  mine: ChangeContent;
  busy: boolean;
  user: { id: string; role: Role };
  onReapply: () => void;
  onTakeTheirs: () => void;
}) {
  const { conflict, base } = props;
  // Offer to reapply only what the server would take: the change as it is now may be with the editors, or someone else's draft.
  const editable = decideEdit({
    from: conflict.current.status,
    role: props.user.role,
    isAuthor: conflict.current.authorIds.includes(props.user.id),
    hasPublicRevision: conflict.current.publicRevision !== null,
  });
  const theirs = changedFields({ from: contentOf(base), to: contentOf(conflict.current) });
  const { patch, overlapping } = reapplyEdits({ base: contentOf(base), mine: props.mine, theirs: contentOf(conflict.current) });
  const show = (v: unknown) => (typeof v === "string" ? v || "—" : Array.isArray(v) ? `${v.length} item${v.length === 1 ? "" : "s"}` : v === null ? "—" : "changed");
  return (
    <section className="warning stack" role="alert" aria-label="Someone else changed this change" data-testid="edit-conflict">
      <strong>{conflict.message}.</strong>
      <EventsSince events={conflict.since} />
      <p className="small">
        It is now <strong>{statusLabel(conflict.current.status)}</strong>, revision {conflict.current.revision}
        {base.status !== conflict.current.status ? ` (it was ${statusLabel(base.status)})` : ""}.
      </p>
      {theirs.length > 0 && (
        <dl className="facts small" data-testid="conflict-their-changes">
          {theirs.map((f) => (
            <div key={f} style={{ display: "contents" }}>
              <dt>{FIELD_NAMES[f]}</dt>
              <dd>{f === "geometry" ? "outline redrawn" : `${show(contentOf(base)[f])} → ${show(contentOf(conflict.current)[f])}`}</dd>
            </div>
          ))}
        </dl>
      )}
      <p className="small">
        Your edits:{" "}
        {Object.keys(patch).length
          ? Object.keys(patch)
              .map((f) => FIELD_NAMES[f as keyof typeof FIELD_NAMES])
              .join(", ")
          : "none"}
        .{overlapping.length > 0 && ` Both of you changed ${overlapping.map((f) => FIELD_NAMES[f]).join(", ")}: reapplying keeps yours there.`}
      </p>
      {!editable.ok && <p className="small">You cannot edit it now: {editable.refusal.message}. Copy what you need, then load theirs; you can leave a comment on the change.</p>}
      <div className="row">
        {editable.ok && (
          <button type="button" onClick={props.onReapply} disabled={props.busy || Object.keys(patch).length === 0}>
            Reapply my edits on top
          </button>
        )}
        <button type="button" className="secondary" onClick={props.onTakeTheirs} disabled={props.busy}>
          Discard my edits and load theirs
        </button>
      </div>
    </section>
  );
}
