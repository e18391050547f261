// /sites/:slug — the public page of one site, read from its latest release snapshot only
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { config } from "@/lib/config.server";
import { DomainError } from "@/lib/errors";
import { formatDate, formatDateTime } from "@/lib/format";
import { getPublicSite, type PublicSiteView as View } from "@/lib/publish/public-read.server";
import { humanizeKind } from "@/lib/sites/site.schema";
import PublicSiteView from "@/components/public/PublicSiteView";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

async function load(slug: string): Promise<View> {
  try {
    return await getPublicSite(slug);
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { snapshot } = await load((await params).slug);
  const description = snapshot.site.publicSummary || `${snapshot.changes.length} published changes at ${snapshot.site.name}`;
  return { title: snapshot.site.name, description, openGraph: { title: snapshot.site.name, description } };
}

export default async function PublicSitePage({ params }: Props) {
  const { snapshot, history, snapshotSha256 } = await load((await params).slug);
  const { site, release } = snapshot;
  return (
    <main>
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
        <p className="small muted">
          Snapshot sha256 <code>{snapshotSha256.slice(0, 16)}…</code>
          {history.length > 1 && <> · {history.length} releases in all</>}
        </p>
      </section>
      <PublicSiteView snapshot={snapshot} basemap={{ tileUrl: config.basemapUrl, attribution: config.basemapAttribution }} />
      {site.methodologyNote && (
        <section className="panel">
          <h2>Methodology</h2>
          <p>{site.methodologyNote}</p>
        </section>
      )}
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
