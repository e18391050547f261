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

export default function ChangelogList({ changelog, linkChange }: { changelog: ReleaseChangelog; linkChange?: (id: string) => string }) {
  const { added, revised, retracted, siteFields } = changelog;
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
      {siteFields.length > 0 && (
        <li data-kind="site">
          <span className="badge">site</span> updated: {siteFields.join(", ")}
        </li>
      )}
    </ul>
  );
}
