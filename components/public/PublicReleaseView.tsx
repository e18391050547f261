// One release of a published site as the public reads it: what it is, its
// timeline (imagery by date, changes, compare swipe, event list, area plot),
// the release note and changelog, how to cite it and take the data away,
// every release of the site (the correction history), the methodology and the
// imagery credits, and a form to send editors a tip. `embed` keeps only the
// title line, the timeline map and the credits, for an iframe. Server-rendered.
import Link from "next/link";
import { formatDate, formatDateTime } from "@/lib/format";
import type { PublicSiteView as View } from "@/lib/publish/public-views";
import type { TimelineInitial } from "@/lib/publish/timeline";
import { releasePath } from "@/lib/publish/public-exports";
import { pageSnapshot } from "@/lib/publish/page-snapshot";
import { humanizeKind } from "@/lib/sites/site.schema";
import type { BasemapConfig } from "@/components/map/basemap";
import ChangelogList from "@/components/ui/ChangelogList";
import SiteTimeline from "./SiteTimeline";
import LaterReleaseNotice from "./LaterReleaseNotice";
import TipForm from "./TipForm";

export default function PublicReleaseView({
  view,
  basemap,
  pinned,
  origin,
  initial,
  embed = false,
}: {
  view: View;
  basemap: BasemapConfig;
  /** The release's own page (/sites/:slug/releases/:n), not the latest. */
  pinned: boolean;
  /** This server's public origin, for the citation. */
  origin: string;
  initial: TimelineInitial;
  embed?: boolean;
}) {
  const { snapshot, history, snapshotSha256 } = view;
  const { site, release } = snapshot;
  // The timeline's part of the snapshot: whole for a small release, its first screen of changes for a large one.
  const page = pageSnapshot(snapshot);
  const citeUrl = `${origin}${releasePath({ slug: site.slug, releaseNumber: release.number })}`;
  // A release's own page is frozen (cached for ever): it holds the history up to it, and what later releases
  // did to its changes is read in the browser and said beside them, so nobody cites a retracted claim unawares.
  const downloads = `/api/public/sites/${site.slug}`;
  const pin = pinned ? `?release=${release.number}` : "";

  if (embed) {
    return (
      <main className="embed-root">
        <p className="small embed-title">
          <a href={`${citeUrl}`} target="_blank" rel="noopener">
            <strong>{site.name}</strong>
          </a>{" "}
          <span className="badge">{site.qualifier}</span> · Sitewatch release {release.number} of {formatDate(release.publishedAt)}
        </p>
        <SiteTimeline page={page} basemap={basemap} initial={initial} embed />
      </main>
    );
  }

  return (
    <main className="site-page">
      {pinned && (
        <p className="notice" role="note" data-testid="older-release">
          You are reading release {release.number} of this site, as published on {formatDate(release.publishedAt)}. It is kept unchanged so that citations stay valid.
          <LaterReleaseNotice slug={site.slug} number={release.number} />
        </p>
      )}
      <p className="small muted">
        {humanizeKind(site.kind)} · {site.country}
        {site.region ? `, ${site.region}` : ""}
      </p>
      <h1>
        {site.name}{" "}
        <span className="badge" title="How sure the publishers are of what this site is">
          {site.qualifier}
        </span>
      </h1>
      <p className="release-line" data-testid="release-line">
        Release {release.number} · published {formatDate(release.publishedAt)}
        {pinned ? "" : " · the latest"} · <a href="#release-heading">what it changed</a> · <a href="#cite-heading">cite it</a>
      </p>
      <div className="site-intro">
        {site.publicSummary && <p>{site.publicSummary}</p>}
        <p className="small muted">
          Dates are when a change was <em>detected</em>, between two images, not when it happened. <Link href="/about">How to read this page</Link>.
        </p>
      </div>

      <SiteTimeline page={page} basemap={basemap} pinned={pinned} initial={initial} />

      <div className="grid-2">
        <section className="panel" aria-labelledby="release-heading">
          <h2 id="release-heading" style={{ marginTop: 0 }}>
            Release {release.number} <span className="small muted">published {formatDateTime(release.publishedAt)}</span>
          </h2>
          <p data-testid="release-note">{release.note}</p>
          {snapshot.changelog && (
            <>
              <h3>What changed in this release</h3>
              <ChangelogList changelog={snapshot.changelog} shown={{ limit: 20, elsewhere: "each marked in the list of changes above and in the data below" }} />
            </>
          )}
        </section>
        <section className="panel cite" aria-labelledby="cite-heading" data-testid="cite">
          <h2 id="cite-heading" style={{ marginTop: 0 }}>
            Cite this
          </h2>
          <p className="small">
            <span data-testid="citation">
              {site.name}. Sitewatch, release {release.number}, published {formatDate(release.publishedAt)}. <a href={citeUrl}>{citeUrl}</a>
            </span>
          </p>
          <p className="small muted">
            This address always shows release {release.number} exactly as published. Snapshot sha256 <code title={snapshotSha256}>{snapshotSha256.slice(0, 16)}…</code>. Each change
            has its own anchor (<code>#change-ID</code>) and revision number.
          </p>
          <p className="small" data-testid="signature">
            {view.signature ? (
              <>
                Signed by {view.signature.installation}, key <code>{view.signature.keyId}</code> — <Link href="/about/verify">how to verify</Link>.
              </>
            ) : (
              "Not signed: published before this installation signed its releases."
            )}
          </p>
          <h3>Take the data</h3>
          <ul className="small" data-testid="downloads">
            <li>
              <a href={`${downloads}/changes.geojson${pin}`} download>
                Changes as GeoJSON
              </a>{" "}
              (EPSG:4326)
            </li>
            <li>
              <a href={`${downloads}/changes.csv${pin}`} download>
                Changes as CSV
              </a>{" "}
              (WKT geometry)
            </li>
            <li>
              <a href={`${downloads}/stac/catalog.json${pin}`}>STAC catalog</a> of the imagery and labels
            </li>
            {view.signature && (
              <li>
                <a href={`/sites/${site.slug}/releases/${release.number}/archive.zip`} download data-testid="archive-link">
                  Signed archive of release {release.number}
                </a>{" "}
                (everything above, the imagery&apos;s hashes and the review record, verifiable offline)
              </li>
            )}
            <li>
              <a href="/ogc">OGC API – Features</a> (every site, for QGIS, ArcGIS or GDAL)
            </li>
            <li>
              Embed this map: <code>{`<iframe src="${origin}/sites/${site.slug}${pinned ? `/releases/${release.number}` : ""}?embed=1" width="800" height="600"></iframe>`}</code>
            </li>
          </ul>
        </section>
      </div>

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
          {history.map((h) => (
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
      <TipForm site={site.slug} siteName={site.name} />
      <footer className="panel credits" aria-labelledby="credits-heading">
        <h2 id="credits-heading">Imagery credits</h2>
        <ul data-testid="imagery-credits">
          {snapshot.scenes.map((s) => (
            <li key={s.id}>
              {formatDate(s.acquiredAt)} · {s.sensor || "unknown sensor"} · {s.attribution} · licence {s.license}
              {!s.publicDisplay && " · not shown publicly (licence)"}
              {s.synthetic && (
                <>
                  {" "}
                  <span className="badge synthetic">synthetic: derived for demonstration, not a real observation</span>
                </>
              )}
            </li>
          ))}
        </ul>
      </footer>
    </main>
  );
}
