// Titles, descriptions and Open Graph / Twitter tags of the public site pages,
// with the release's canonical URL and, when it has shown imagery, a tile as the preview image.
import type { Metadata } from "next";
import type { PublicSiteView } from "./public-views";
import { releasePath } from "./public-exports";

/** Page metadata of a site; `origin` is the site's absolute origin, `pinned` whether the page shows a numbered release (canonical URL then names it). */
export function siteMetadata({ view, origin, pinned }: { view: PublicSiteView; origin: string; pinned: boolean }): Metadata {
  const { site, release, changes } = view.snapshot;
  const title = pinned ? `${site.name}, release ${release.number}` : site.name;
  const description =
    `${site.publicSummary ? `${site.publicSummary} ` : ""}${changes.length} published change${changes.length === 1 ? "" : "s"} (${site.qualifier}); release ${release.number} of ${release.publishedAt.slice(0, 10)}.`.trim();
  const url = pinned ? `${origin}${releasePath({ slug: site.slug, releaseNumber: release.number })}` : `${origin}/sites/${site.slug}`;
  return {
    title,
    description,
    alternates: { canonical: url },
    openGraph: { type: "article", title, description, url, siteName: "Sitewatch", publishedTime: release.publishedAt },
    twitter: { card: "summary", title, description },
  };
}
