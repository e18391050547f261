// /about — how to read Sitewatch: the method, what dates, grades, confidence and qualifiers mean, licences, corrections, and a glossary
import type { Metadata } from "next";
import Link from "next/link";
import { CONFIDENCE_LEVELS, DAMAGE_GRADES, labelOf } from "@/lib/annotations/taxonomy";

export const metadata: Metadata = {
  title: "How to read Sitewatch",
  description: "Methodology and glossary: detection windows, damage grades, confidence levels, site qualifiers, imagery licences, releases and corrections.",
  openGraph: { title: "How to read Sitewatch", description: "Methodology and glossary of the published change maps." },
};

const GRADES: Record<string, string> = {
  destroyed: "The structure is gone or collapsed: the roof and most walls are missing on the later image.",
  damaged: "Clear damage to part of the structure (a roof partly gone, scorch marks, breached walls), but it still stands.",
  possibly_damaged: "Signs that suggest damage (debris, discolouration) without a clear view of the structure itself.",
  no_visible_damage: "The structure was checked and shows no damage at this resolution.",
};
const CONFIDENCE: Record<string, string> = {
  high: "The change is unambiguous on both images and consistent with the sources.",
  medium: "The change is visible but could have another explanation (shadow, season, image quality).",
  low: "A possible change worth recording, to be confirmed by better imagery or other sources.",
};

export default function AboutPage() {
  return (
    <main className="prose">
      <h1>How to read Sitewatch</h1>
      <p>
        Sitewatch publishes changes that imagery analysts saw when comparing dated satellite images of a place. Every change is drawn on the images it was seen on, described,
        sourced, and approved by an editor who did not draw it, before it is published in a numbered release. <Link href="/">Back to the map of sites</Link>.
      </p>
      <h2 id="method">Method</h2>
      <ol>
        <li>Analysts load dated images of a site, with their licence and attribution, and compare a before and an after image.</li>
        <li>They outline each change they see as a polygon on the after image, choose its type, damage grade where it applies and their confidence, and cite sources.</li>
        <li>An editor reviews every change against the images; they can ask for changes or reject it. Nobody approves or publishes their own work.</li>
        <li>Editors publish a release: a frozen, numbered snapshot of the site&apos;s public content with a changelog. A release never changes afterwards.</li>
        <li>Corrections and retractions are published in later releases, with a public note; older releases stay readable and say what was corrected later.</li>
      </ol>
      <h2 id="detection-window">Detection window</h2>
      <p>
        A change is dated by the two images it was seen between: <em>detected between 2001-07-15 and 2003-08-02</em> means it was not visible on the first image and was visible on
        the second. It happened at some point in that window; Sitewatch does not know when exactly. The timeline&apos;s slider moves through the image dates; a change appears from
        the date of the image it was detected on.
      </p>
      <h2 id="damage-grades">Damage grades</h2>
      <p>Grades follow the Copernicus Emergency Management Service scale, used where the change type is damage.</p>
      <dl className="glossary">
        {DAMAGE_GRADES.map((g) => (
          <div key={g}>
            <dt>{labelOf(g)}</dt>
            <dd>{GRADES[g]}</dd>
          </div>
        ))}
      </dl>
      <h2 id="confidence">Confidence</h2>
      <dl className="glossary">
        {[...CONFIDENCE_LEVELS].reverse().map((c) => (
          <div key={c}>
            <dt>{c}</dt>
            <dd>{CONFIDENCE[c]}</dd>
          </div>
        ))}
      </dl>
      <p>On the map, the outline is solid for high, dashed for medium and dotted for low confidence; a stronger fill means a heavier damage grade.</p>
      <h2 id="qualifiers">Site qualifiers</h2>
      <dl className="glossary">
        <div>
          <dt>confirmed</dt>
          <dd>What the site is has been established from several independent sources.</dd>
        </div>
        <div>
          <dt>suspected</dt>
          <dd>The evidence points to what the site is named as, but it is not established.</dd>
        </div>
        <div>
          <dt>potential</dt>
          <dd>A site being watched because it could become relevant; no finding is implied.</dd>
        </div>
      </dl>
      <h2 id="licences">Imagery and licences</h2>
      <p>
        Each image keeps its provider&apos;s licence and attribution, shown beside the map. Images whose licence does not allow public display are not shown (only the changes drawn
        on them are), and the zoom is limited to what each licence allows. Original image files are never published. Images marked <em>synthetic</em> were derived for demonstration
        and are not real observations.
      </p>
      <h2 id="citing">Citing and reusing</h2>
      <p>
        Cite a numbered release: its address (<code>/sites/SITE/releases/N</code>) always shows that release exactly as published. The data of every release can be downloaded as
        GeoJSON and CSV, described in STAC, and read with any OGC API – Features client (QGIS, ArcGIS, GDAL) at <a href="/ogc">/ogc</a>.
      </p>
      <h2 id="glossary">Glossary</h2>
      <dl className="glossary">
        <div>
          <dt>change</dt>
          <dd>An outlined area where something differs between two images, with its type, grade, confidence, description and sources.</dd>
        </div>
        <div>
          <dt>revision</dt>
          <dd>A change&apos;s version: a correction publishes a new revision of the same change.</dd>
        </div>
        <div>
          <dt>release</dt>
          <dd>A numbered, frozen publication of a site&apos;s public content; the changelog says what it added, corrected or retracted.</dd>
        </div>
        <div>
          <dt>retraction</dt>
          <dd>The withdrawal of a published change, with a public note saying why.</dd>
        </div>
        <div>
          <dt>footprint</dt>
          <dd>The outline of the site being watched (dashed on the map).</dd>
        </div>
        <div>
          <dt>scene</dt>
          <dd>One dated satellite image.</dd>
        </div>
        <div>
          <dt>ground sample distance (GSD)</dt>
          <dd>The size on the ground of one image pixel, in metres: objects much smaller cannot be seen.</dd>
        </div>
        <div>
          <dt>area</dt>
          <dd>Measured on the ellipsoid (geodesic square metres or hectares), not on the flat map.</dd>
        </div>
      </dl>
    </main>
  );
}
