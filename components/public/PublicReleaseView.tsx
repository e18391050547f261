// One release of a published site as the public reads it: what it is, the
// release note and changelog, every release of the site (the correction
// history, each with its retractions' public notes), the map and list of
// changes, the methodology and the imagery credits. Server-rendered.
import Link from "next/link";
import { formatDate, formatDateTime } from "@/lib/format";
import type { PublicSiteView as View } from "@/lib/publish/public-read.server";
import { humanizeKind } from "@/lib/sites/site.schema";
import type { BasemapConfig } from "@/components/map/basemap";
import ChangelogList from "@/components/ui/ChangelogList";
import PublicSiteView from "./PublicSiteView";

export default function PublicReleaseView({ view, basemap, latestNumber }: { view: View; basemap: BasemapConfig; latestNumber: number }) {
  const { snapshot, history, snapshotSha256 } = view;
  const { site, release } = snapshot;
  const isLatest = release.number === latestNumber;
  // An older release is shown as it was: only the releases up to it. What later releases did to its
  // changes is said beside them (outside the frozen content), so nobody cites a retracted claim unawares.
  const shownHistory = history.filter((h) => h.number <= release.number);
  const laterNotes: Record<string, string[]> = {};
  for (const h of [...history].reverse().filter((x) => x.number > release.number)) {
    for (const r of h.changelog?.retracted ?? []) (laterNotes[r.id] ??= []).push(`Retracted in release ${h.number}${r.note ? `: “${r.note}”` : ""}`);
    for (const r of h.changelog?.revised ?? []) (laterNotes[r.id] ??= []).push(`Corrected in release ${h.number} (${r.fields.join(", ")})`);
  }
  return (
    <main>
      {!isLatest && (
        <p className="notice" role="note" data-testid="older-release">
          You are reading release {release.number} of this site, as published on {formatDate(release.publishedAt)}. It is kept unchanged so that citations stay valid
          {Object.keys(laterNotes).length > 0 ? `; ${Object.keys(laterNotes).length} of its changes were corrected or retracted later (marked below)` : ""}.{" "}
          <Link href={`/sites/${site.slug}`}>Read the latest, release {latestNumber}</Link>.
        </p>
      )}
      <p className="small muted">
        {humanizeKind(site.kind)} · {site.country}
        {site.region ? `, ${site.region}` : ""}
      </p>
      <h1>
        {site.name} <span className="badge">{site.qualifier}</span>
      </h1>
      {site.publicSummary && <p>{site.publicSummary}</p>}
      <section className="panel" aria-labelledby="release-heading">
        <h2 id="release-heading" style={{ marginTop: 0 }}>
          Release {release.number} <span className="small muted">published {formatDateTime(release.publishedAt)}</span>
        </h2>
        <p data-testid="release-note">{release.note}</p>
        {snapshot.changelog && (
          <>
            <h3>What changed in this release</h3>
            <ChangelogList changelog={snapshot.changelog} />
          </>
        )}
        <p className="small muted">
          Cite as: {site.name}, Sitewatch release {release.number} ({formatDate(release.publishedAt)}), /sites/{site.slug}/releases/{release.number}. Snapshot sha256{" "}
          <code title={snapshotSha256}>{snapshotSha256.slice(0, 16)}…</code>
        </p>
      </section>
      <PublicSiteView snapshot={snapshot} basemap={basemap} laterNotes={laterNotes} />
      {site.methodologyNote && (
        <section className="panel">
          <h2>Methodology</h2>
          <p>{site.methodologyNote}</p>
        </section>
      )}
      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading" style={{ marginTop: 0 }}>
          Releases and corrections
        </h2>
        <ol className="plain release-history" data-testid="release-history">
          {shownHistory.map((h) => (
            <li key={h.number} className="change-item">
              <Link href={`/sites/${site.slug}/releases/${h.number}`} aria-current={h.number === release.number ? "page" : undefined}>
                Release {h.number}
              </Link>{" "}
              <span className="small muted">{formatDateTime(h.publishedAt)}</span> — {h.note}
              {h.changelog && (h.changelog.retracted.length > 0 || h.changelog.revised.length > 0) && (
                <div className="small">
                  <ChangelogList changelog={{ ...h.changelog, added: [], siteFields: [] }} />
                </div>
              )}
            </li>
          ))}
        </ol>
      </section>
      <footer className="panel credits" aria-labelledby="credits-heading">
        <h2 id="credits-heading">Imagery credits</h2>
        <ul data-testid="imagery-credits">
          {snapshot.scenes.map((s) => (
            <li key={s.id}>
              {formatDate(s.acquiredAt)} · {s.sensor || "unknown sensor"} · {s.attribution} · licence {s.license}
              {s.synthetic && (
                <>
                  {" "}
                  <span className="badge synthetic">synthetic: derived for demonstration, not a real observation</span>
                </>
              )}
            </li>
          ))}
        </ul>
        <p>Dates are when a change was detected between two images, not when it happened.</p>
      </footer>
    </main>
  );
}
