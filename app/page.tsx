// / — the public map of published sites beside their list, filtered through the URL (works without JavaScript)
import type { Metadata } from "next";
import Link from "next/link";
import { config } from "@/lib/config.server";
import { formatDate } from "@/lib/format";
import { listPublishedSites } from "@/lib/publish/public-read.server";
import { filterSites, hasFilters, parseSiteFilters } from "@/lib/publish/site-filters";
import { humanizeKind, SITE_QUALIFIERS } from "@/lib/sites/site.schema";
import PublicSitesMap from "@/components/public/PublicSitesMap";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: { absolute: "Sitewatch: published sites" },
  description: "Changes seen on dated satellite imagery at each published site, every one reviewed before publication, with sources, corrections and data to download.",
  openGraph: {
    title: "Sitewatch: published sites",
    description: "Changes seen on dated satellite imagery, reviewed before publication, with sources and corrections.",
    type: "website",
  },
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function HomePage({ searchParams }: Props) {
  const all = (await listPublishedSites()).features;
  const filters = parseSiteFilters(await searchParams);
  const sites = filterSites({ sites: all, filters });
  const kinds = [...new Set(all.map((f) => f.properties.kind))].sort();
  const countries = [...new Set(all.flatMap((f) => [f.properties.country, f.properties.region].filter(Boolean)))].sort();
  const asAt = all
    .map((f) => f.properties.releasedAt)
    .sort()
    .at(-1);
  const changeCount = sites.reduce((n, f) => n + f.properties.changeCount, 0);
  return (
    <main>
      <h1>Published sites</h1>
      <p className="muted">
        Changes seen on dated satellite imagery, each reviewed by an editor before publication. Dates are when a change was <em>detected</em> between two images, not when it
        happened. <Link href="/about">How to read these maps</Link>.
      </p>
      <form className="panel row small site-filters" method="get" aria-label="Filter the sites">
        <label className="inline">
          Search
          <input type="search" name="q" defaultValue={filters.q ?? ""} placeholder="name, place, summary" />
        </label>
        <label className="inline">
          Kind
          <select name="kind" defaultValue={filters.kind ?? ""}>
            <option value="">any</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {humanizeKind(k)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Country or region
          <select name="country" defaultValue={filters.country ?? ""}>
            <option value="">any</option>
            {countries.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Status
          <select name="qualifier" defaultValue={filters.qualifier ?? ""}>
            <option value="">any</option>
            {SITE_QUALIFIERS.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Changes from
          <input type="date" name="from" defaultValue={filters.from ?? ""} />
        </label>
        <label className="inline">
          to
          <input type="date" name="to" defaultValue={filters.to ?? ""} />
        </label>
        <button type="submit">Filter</button>
        {hasFilters(filters) && <Link href="/">Clear filters</Link>}
      </form>
      <p className="small" data-testid="counts" aria-live="polite">
        {sites.length} of {all.length} site{all.length === 1 ? "" : "s"}, {changeCount} published change{changeCount === 1 ? "" : "s"}
        {asAt ? `, as at ${formatDate(asAt)} (the latest release)` : ""}.
      </p>
      <div className="grid-2">
        <PublicSitesMap
          sites={sites.map((f) => ({ slug: f.properties.slug, name: f.properties.name, center: f.properties.center }))}
          basemap={{ tileUrl: config.basemapUrl, attribution: config.basemapAttribution }}
        />
        <section className="panel" aria-labelledby="site-list">
          <h2 id="site-list">
            {sites.length === all.length ? `${all.length} site${all.length === 1 ? "" : "s"}` : `${sites.length} matching site${sites.length === 1 ? "" : "s"}`}
          </h2>
          {all.length === 0 && <p className="muted">Nothing has been published yet.</p>}
          {all.length > 0 && sites.length === 0 && <p className="muted">No published site matches these filters.</p>}
          <ul className="plain site-list">
            {sites.map((f) => {
              const p = f.properties;
              return (
                <li key={p.slug} className="change-item">
                  <Link href={`/sites/${p.slug}`}>
                    <strong>{p.name}</strong>
                  </Link>{" "}
                  <span className="badge">{p.qualifier}</span>
                  <div className="small muted">
                    {humanizeKind(p.kind)} · {p.country}
                    {p.region ? `, ${p.region}` : ""} · {p.changeCount} published change{p.changeCount === 1 ? "" : "s"}
                    {p.changesFrom && p.changesTo ? ` detected ${formatDate(p.changesFrom)} – ${formatDate(p.changesTo)}` : ""} · release {p.release} of {formatDate(p.releasedAt)}
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      </div>
      <p className="small muted">
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a GeoJSON download from a route handler, not a page: <Link> would try to navigate the app into it */}
        Data: <a href="/api/public/sites">all sites as GeoJSON</a> · <a href="/ogc">OGC API – Features</a> (every published change) ·{" "}
        <Link href="/about">methodology and glossary</Link>
      </p>
    </main>
  );
}
