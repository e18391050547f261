import type { EventView } from "@/lib/annotations/change-view";
import { formatDateTime } from "@/lib/format";

/** What other people did to a change since you loaded it (from a 409's details), oldest first. */
export default function EventsSince({ events, testId }: { events: Pick<EventView, "action" | "actor" | "createdAt" | "comment">[]; testId?: string }) {
  if (events.length === 0) return null;
  return (
    <ul className="small" data-testid={testId}>
      {events.map((e, i) => (
        <li key={i}>
          {formatDateTime(e.createdAt)}: {e.actor.name} — {e.action.replaceAll("_", " ")}
          {e.comment ? `: “${e.comment}”` : ""}
        </li>
      ))}
    </ul>
  );
}
