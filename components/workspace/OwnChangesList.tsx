// A person's own changes, those waiting for them first: sent back with the
// editor's request, drafts, then the rest with the latest thing that happened.
import Link from "next/link";
import type { OwnChangeItem } from "@/lib/annotations/change-view";
import { formatDate, formatDateTime } from "@/lib/format";

const STATUS_TEXT: Record<string, string> = {
  CHANGES_REQUESTED: "changes requested",
  DRAFT: "draft",
  SUBMITTED: "waiting for review",
  APPROVED: "approved, waiting for a release",
  REJECTED: "rejected",
  PUBLISHED: "published",
  RETRACTED: "retracted",
};

export default function OwnChangesList({ items }: { items: OwnChangeItem[] }) {
  const needYou = items.filter((i) => i.change.status === "CHANGES_REQUESTED").length;
  return (
    <section aria-labelledby="own-heading">
      <h2 id="own-heading">Your changes</h2>
      <p className="small muted">
        {items.length === 0
          ? "You have not drawn or revised any change yet."
          : needYou
            ? `${needYou} change${needYou === 1 ? " was" : "s were"} sent back to you with requests.`
            : "Nothing is waiting for you."}
      </p>
      {items.length > 0 && (
        <table className="list" data-testid="own-changes">
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">Status</th>
              <th scope="col">Latest</th>
            </tr>
          </thead>
          <tbody>
            {items.map(({ site, change, latest }) => (
              <tr key={change.id} data-change-id={change.id} data-status={change.status}>
                <td>
                  <Link href={`/workspace/sites/${site.slug}?change=${change.id}`}>
                    {change.changeTypeLabel}, {formatDate(change.beforeDate)} → {formatDate(change.afterDate)}
                  </Link>
                  <div className="small muted">
                    {site.name} · revision {change.revision} · {change.description.slice(0, 90)}
                    {change.description.length > 90 ? "…" : ""}
                  </div>
                </td>
                <td>
                  <span className={`badge status-${change.status}`}>{STATUS_TEXT[change.status] ?? change.status}</span>
                </td>
                <td className="small">
                  {latest && (
                    <>
                      {latest.actorName} {latest.verb} it, {formatDateTime(latest.at)}
                    </>
                  )}
                  {change.lastReview && (change.status === "CHANGES_REQUESTED" || change.status === "REJECTED") && (
                    <blockquote className="request">
                      {change.lastReview.actorName}: {change.lastReview.comment}
                    </blockquote>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
