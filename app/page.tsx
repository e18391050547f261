import Link from "next/link";
import { config } from "@/lib/config.server";
import { formatDate } from "@/lib/format";
import { listPublishedSites } from "@/lib/publish/public-read.server";
import { humanizeKind } from "@/lib/sites/site.schema";
import PublicSitesMap from "@/components/public/PublicSitesMap";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const sites = await listPublishedSites();
  return (
    <main>
      <h1>Published sites</h1>
      <p className="muted">
        Changes seen on dated satellite imagery, each reviewed by an editor before publication. Dates are when a change was <em>detected</em>{" "}
        between two images, not when it happened.
      </p>
      <div className="grid-2">
        <PublicSitesMap sites={sites} basemap={{ tileUrl: config.basemapUrl, attribution: config.basemapAttribution }} />
        <section className="panel" aria-labelledby="site-list">
          <h2 id="site-list">{sites.features.length} site{sites.features.length === 1 ? "" : "s"}</h2>
          {sites.features.length === 0 && <p className="muted">Nothing has been published yet.</p>}
          <ul className="plain">
            {sites.features.map((f) => {
              const p = f.properties!;
              return (
                <li key={p.slug} className="change-item">
                  <Link href={`/sites/${p.slug}`}><strong>{p.name}</strong></Link>{" "}
                  <span className="badge">{p.qualifier}</span>
                  <div className="small muted">
                    {humanizeKind(p.kind)} · {p.country}
                    {p.region ? `, ${p.region}` : ""} · {p.changeCount} published change{p.changeCount === 1 ? "" : "s"} · release {p.release} of{" "}
                    {formatDate(p.releasedAt)}
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      </div>
    </main>
  );
}
