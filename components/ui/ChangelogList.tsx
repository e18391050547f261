// A release's changelog for people: added, revised and retracted changes (with
// the public note of each retraction) and changed site details. Server- or
// client-rendered; no state.
import type { ChangelogChangeRef, ReleaseChangelog } from "@/lib/releases/release-snapshot";
import { formatDate } from "@/lib/format";

function Ref({ c }: { c: ChangelogChangeRef }) {
  return (
    <>
      <strong>{c.changeTypeLabel}</strong> detected between {formatDate(c.detectedAfter)} and {formatDate(c.detectedBy)}{" "}
      <span className="muted">
        (change {c.id.slice(-8)}, revision {c.revision})
      </span>
    </>
  );
}

export default function ChangelogList({
  changelog,
  linkChange,
  shown,
}: {
  changelog: ReleaseChangelog;
  linkChange?: (id: string) => string;
  /**
   * At most this many added and this many revised changes are named (a public page of a release that added hundreds
   * stays short: each of them is in its event list and data); retractions are always named, every one.
   */
  shown?: { limit: number; elsewhere: string };
}) {
  const { retracted, siteFields } = changelog;
  const added = shown ? changelog.added.slice(0, shown.limit) : changelog.added;
  const revised = shown ? changelog.revised.slice(0, shown.limit) : changelog.revised;
  const unnamed = changelog.added.length - added.length + changelog.revised.length - revised.length;
  if (added.length + revised.length + retracted.length + siteFields.length === 0) {
    return <p className="muted">{changelog.previousRelease === null ? "The first release." : `Nothing has changed since release ${changelog.previousRelease}.`}</p>;
  }
  const link = (c: ChangelogChangeRef) =>
    linkChange ? (
      <a href={linkChange(c.id)}>
        <Ref c={c} />
      </a>
    ) : (
      <Ref c={c} />
    );
  return (
    <ul className="changelog" data-testid="changelog">
      {added.map((c) => (
        <li key={`a${c.id}`} data-kind="added">
          <span className="badge">added</span> {link(c)}
        </li>
      ))}
      {revised.map((c) => (
        <li key={`r${c.id}`} data-kind="revised">
          <span className="badge">revised</span> {link(c)}: revision {c.fromRevision} → {c.revision}
          {c.fields.length ? ` (${c.fields.join(", ")})` : ""}
        </li>
      ))}
      {retracted.map((c) => (
        <li key={`x${c.id}`} data-kind="retracted">
          <span className="badge status-RETRACTED">retracted</span> <Ref c={c} />
          {c.retractedAt && <> on {formatDate(c.retractedAt)}</>}
          {c.note && (
            <>
              : <q data-testid="retraction-note">{c.note}</q>
            </>
          )}
        </li>
      ))}
      {unnamed > 0 && (
        <li data-kind="more" className="muted">
          … and {unnamed} more added or revised change{unnamed === 1 ? "" : "s"}, {shown?.elsewhere}.
        </li>
      )}
      {siteFields.length > 0 && (
        <li data-kind="site">
          <span className="badge">site</span> updated: {siteFields.join(", ")}
        </li>
      )}
    </ul>
  );
}
