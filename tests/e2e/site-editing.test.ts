// Journey: editing a site's public details. An analyst edits the summary,
// methodology and footprint (pasted GeoJSON) of a test site, sees a crossing
// footprint refused live, saves; an editor who loaded the form before saves a
// stale version, gets the conflict with what the analyst changed and reapplies
// on top. The publish preview lists the scenes the release makes public and
// why each other one is not; the editor who edited the text cannot publish,
// another editor can. Last, the upload form refuses a stored file typed with
// another date, naming the scene it already is.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveSyntheticScene } from "@/imagery/synthetic/derive-scene";
import { launchBrowser } from "./browser";
import { api, baseUrl, createTestSite, newPage, queryDb, signIn, signOut, square, uploadSceneByApi } from "./helpers";
import { IMAGERY, TMP } from "../setup/paths";

const RUN = Date.now().toString(36);
const SLOW = { timeout: 60_000 };
const SUMMARY = `A walled compound by the river (${RUN}).`;
const METHODOLOGY = `Landsat 7 and later scenes compared by two analysts (${RUN}).`;
const EDITOR_SUMMARY = `Editor's summary: a walled compound (${RUN}).`;

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let other: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let errors: string[];
let slug = "";
let siteId = "";
const scene = { before: "", after: "", unused: "" };

/** A GeoTIFF of its own: the Landsat subset with one painted block (so it is converted, not deduplicated). */
async function paintedFile(values: number[]): Promise<string> {
  fs.mkdirSync(TMP, { recursive: true });
  const out = path.join(TMP, `site-editing-${randomUUID().slice(0, 8)}.tif`);
  await deriveSyntheticScene({ input: path.join(IMAGERY, "L7_ETMs.tif"), output: out, changes: [{ rect: [150, 140, 175, 160], values }], epsg: 31985 });
  return out;
}

const siteRow = () =>
  queryDb<{ publicSummary: string; methodologyNote: string; region: string; footprint: string; version: number; publicEditorIds: string }>(
    "SELECT publicSummary, methodologyNote, region, footprint, version, publicEditorIds FROM Site WHERE id = ?",
    siteId,
  )[0]!;
const userId = (email: string) => queryDb<{ id: string }>("SELECT id FROM User WHERE email = ?", email)[0]!.id;

beforeAll(async () => {
  browser = await launchBrowser();
  other = await launchBrowser();
  ({ page, errors } = await newPage(browser.context));
});

afterAll(async () => {
  await browser?.close();
  await other?.close();
});

/** (A test, not beforeAll: expect.poll, which signIn uses, works only inside a test.) */
it("sets up: an analyst's test site with three scenes and a change sent for review", async () => {
  await signIn(page, "analyst@example.org");
  slug = await createTestSite(page, `Site editing ${RUN}`);
  siteId = queryDb<{ id: string }>("SELECT id FROM Site WHERE slug = ?", slug)[0]!.id;
  // The demo's Landsat scene (same date, sensor and licence: linked), a painted scene whose licence does not allow
  // display, and one that allows it but that no change will use.
  scene.before = (
    await uploadSceneByApi(page, siteId, path.join(IMAGERY, "L7_ETMs.tif"), { acquiredAt: "2001-07-15T12:30:00", sensor: "Landsat 7 ETM+", publicDisplay: true })
  ).sceneId;
  // Values no other browser test paints: the same bytes would be the same scene (a duplicate upload, refused with another date).
  const painted = [await paintedFile([243, 237, 231, 223, 241, 213]), await paintedFile([21, 27, 33, 37, 43, 47])];
  scene.after = (await uploadSceneByApi(page, siteId, painted[0]!, { acquiredAt: "2004-05-06T10:00:00", sensor: `Painted ${RUN}`, publicDisplay: false })).sceneId;
  scene.unused = (await uploadSceneByApi(page, siteId, painted[1]!, { acquiredAt: "2005-06-07T10:00:00", sensor: `Unused ${RUN}`, publicDisplay: true })).sceneId;
  for (const f of painted) fs.rmSync(f, { force: true });
  const ready = () => queryDb<{ n: number }>("SELECT count(*) AS n FROM Scene WHERE id IN (?, ?) AND status = 'READY'", scene.after, scene.unused)[0]!.n;
  for (const until = Date.now() + SLOW.timeout; ready() < 2 && Date.now() < until;) await new Promise((r) => setTimeout(r, 250));
  expect(ready(), "the painted scenes are converted").toBe(2);
  // A change drawn on the first two, sent for review.
  const { annotation } = await api<{ annotation: { id: string; version: number } }>(page, "POST", `/api/sites/${siteId}/annotations`, {
    changeType: "construction",
    confidence: "high",
    beforeSceneId: scene.before,
    afterSceneId: scene.after,
    geometry: square(-34.872, -7.992, 0.003),
    description: `Site editing e2e (${RUN}): new walls.`,
    sources: [{ url: "https://example.org/site-editing", title: "Public report" }],
  });
  await api(page, "POST", `/api/annotations/${annotation.id}/transitions`, { to: "SUBMITTED", version: annotation.version });
});

describe("editing a site", () => {
  let editorPage: Page;

  it("an analyst edits the summary, methodology and footprint: a crossing footprint is refused live, a good one is saved", async () => {
    // An editor opens the form now, before the analyst saves (for the conflict below).
    ({ page: editorPage } = await newPage(other.context));
    await signIn(editorPage, "editor@example.org");
    await editorPage.goto(`${baseUrl()}/workspace/sites/${slug}/edit`);
    await editorPage.getByRole("form", { name: "Edit the site" }).waitFor();

    await page.goto(`${baseUrl()}/workspace/sites/${slug}`);
    await page.getByRole("link", { name: "Edit the site's details and footprint" }).click();
    await page.waitForURL(/\/edit$/);
    const fourEyes = await page.getByTestId("site-four-eyes").textContent();
    expect(fourEyes).toContain("next release");
    expect(fourEyes).toContain("the site is not published yet");
    expect(fourEyes).toContain("someone other than the people who changed the public details must publish that release");
    expect(fourEyes).toContain("Ana Analyst (you)");
    const form = page.getByRole("form", { name: "Edit the site" });
    expect(await form.getByLabel("Public summary").inputValue()).toBe("");
    await form.getByLabel("Public summary").fill(SUMMARY);
    await form.getByLabel("Methodology").fill(METHODOLOGY);

    // A bow tie: its edges cross. Refused live, and the form does not save it.
    const bowtie = {
      type: "Polygon",
      coordinates: [
        [
          [-34.89, -8.01],
          [-34.85, -7.97],
          [-34.85, -8.01],
          [-34.89, -7.97],
          [-34.89, -8.01],
        ],
      ],
    };
    await form.getByLabel(/Or paste the footprint as GeoJSON/).fill(JSON.stringify(bowtie));
    await form.getByRole("button", { name: "Use pasted GeoJSON" }).click();
    await expect.poll(() => form.getByTestId("footprint-status").textContent()).toMatch(/Footprint: .*(cross|intersect)/i);
    expect(await form.getByRole("button", { name: "Save" }).isDisabled()).toBe(true);
    expect(siteRow().publicSummary).toBe("");

    const larger = square(-34.89, -8.01, 0.04);
    await form.getByLabel(/Or paste the footprint as GeoJSON/).fill(JSON.stringify({ type: "Feature", properties: {}, geometry: larger }));
    await form.getByRole("button", { name: "Use pasted GeoJSON" }).click();
    await expect.poll(() => form.getByTestId("footprint-status").textContent()).toMatch(/^Footprint: 1[\d,.]* ha$/);
    await form.getByRole("button", { name: "Save" }).click();
    await expect
      .poll(() =>
        page
          .getByTestId("site-saved")
          .textContent()
          .catch(() => null),
      )
      .toMatch(/Saved\. The public page shows these edits once the next release is published, by an editor other than Ana Analyst \(you\)/);

    const row = siteRow();
    expect(row).toMatchObject({ publicSummary: SUMMARY, methodologyNote: METHODOLOGY, version: 2 });
    expect(JSON.parse(row.footprint).coordinates[0]).toContainEqual([-34.85, -7.97]);
    expect(JSON.parse(row.publicEditorIds)).toEqual([userId("analyst@example.org")]);
    expect(errors).toEqual([]);
  });

  it("a second, stale save gets the conflict with what the other person changed, and reapplies on top", async () => {
    const form = editorPage.getByRole("form", { name: "Edit the site" });
    await form.getByLabel("Public summary").fill(EDITOR_SUMMARY);
    await form.getByLabel("Region").fill("Pernambuco");
    await form.getByRole("button", { name: "Save" }).click();
    const conflict = editorPage.getByTestId("site-edit-conflict");
    await conflict.waitFor();
    const text = await conflict.textContent();
    expect(text).toContain("The site was changed by someone else since you loaded it.");
    expect(text).toContain("version 2, you loaded 1");
    expect(text).toContain("changed since the last release by Ana Analyst");
    const theirs = await editorPage.getByTestId("site-conflict-their-changes").textContent();
    expect(theirs).toContain(`Public summary— → ${SUMMARY}`);
    expect(theirs).toContain(`Methodology— → ${METHODOLOGY}`);
    expect(theirs).toMatch(/Footprintredrawn/);
    expect(text).toContain("Your edits: Region, Public summary. Both of you changed Public summary: reapplying keeps yours there.");
    expect(siteRow().version).toBe(2);

    await conflict.getByRole("button", { name: "Reapply my edits on top" }).click();
    await expect
      .poll(() =>
        editorPage
          .getByTestId("site-saved")
          .textContent()
          .catch(() => null),
      )
      .toMatch(/by an editor other than Ana Analyst, Eli Editor \(you\)/);
    expect(siteRow()).toMatchObject({ publicSummary: EDITOR_SUMMARY, methodologyNote: METHODOLOGY, region: "Pernambuco", version: 3 });
    expect(JSON.parse(siteRow().publicEditorIds)).toEqual([userId("analyst@example.org"), userId("editor@example.org")]);
    await editorPage.close();
  });

  it("the publish preview lists the public scenes and why the others are not; the editor who edited cannot publish, another editor can", async () => {
    const annotation = queryDb<{ id: string; version: number }>("SELECT id, version FROM Annotation WHERE siteId = ?", siteId)[0]!;
    await signOut(page);
    await signIn(page, "editor@example.org");
    await api(page, "POST", `/api/annotations/${annotation.id}/transitions`, { to: "APPROVED", version: annotation.version });
    await page.goto(`${baseUrl()}/workspace/sites/${slug}`);
    const preview = page.getByTestId("release-preview");
    await preview.waitFor(SLOW);
    expect(await preview.textContent()).toContain("Release 1 will publish: 1 new change");
    const shown = await preview.getByTestId("release-scenes-public").locator("li").allTextContents();
    expect(shown).toEqual(["2001-07-15 · Landsat 7 ETM+ · Apache-2.0"]);
    const withheld = await preview.getByTestId("release-scenes-withheld").locator("li").allTextContents();
    expect(withheld).toEqual([
      `2004-05-06 · Painted ${RUN} · Apache-2.0: its licence does not allow public display (the release lists its date and credit only).`,
      `2005-06-07 · Unused ${RUN} · Apache-2.0: no change in this release uses it as its before or after scene.`,
    ]);
    // Eli changed the public text: another editor publishes it.
    expect(await preview.textContent()).toContain("You wrote or changed this site's public details since its last release: another editor must publish them.");
    const publishForm = page.getByRole("form", { name: "Publish a release" });
    await publishForm.getByLabel("Release note (public)").fill(`Site editing e2e (${RUN}).`);
    expect(await publishForm.getByRole("button", { name: "Publish release" }).isDisabled()).toBe(true);
    await signOut(page);

    await signIn(page, "editor2@example.org");
    await page.goto(`${baseUrl()}/workspace/sites/${slug}`);
    await page.getByTestId("release-scenes-public").waitFor(SLOW);
    expect(await page.getByTestId("release-preview").textContent()).not.toContain("another editor must publish");
    const form = page.getByRole("form", { name: "Publish a release" });
    await form.getByLabel("Release note (public)").fill(`Site editing e2e (${RUN}).`);
    await form.getByRole("button", { name: "Publish release" }).click();
    await page.getByText("Release 1 is published.").waitFor(SLOW);
    const snapshot = JSON.parse(queryDb<{ snapshot: string }>("SELECT snapshot FROM Release WHERE siteId = ? AND number = 1", siteId)[0]!.snapshot);
    expect(snapshot.site).toMatchObject({ publicSummary: EDITOR_SUMMARY, methodologyNote: METHODOLOGY, region: "Pernambuco" });
    expect(snapshot.scenes.map((s: { id: string; publicDisplay: boolean }) => [s.id, s.publicDisplay])).toEqual([
      [scene.before, true],
      [scene.after, false],
    ]);
    expect(JSON.parse(siteRow().publicEditorIds)).toEqual([]);
    await signOut(page);
  });

  it("the upload form refuses a stored file typed with another date, naming the scene it already is and where", async () => {
    await page.context().clearCookies();
    await signIn(page, "analyst@example.org");
    await page.goto(`${baseUrl()}/workspace/sites/${slug}`);
    const form = page.getByRole("form", { name: "Upload a scene" });
    if (!(await form.isVisible())) await page.getByText("Upload a scene").click();
    const upload = async (acquired: string) => {
      await form.getByLabel("GeoTIFF file").setInputFiles(path.join(IMAGERY, "L7_ETMs.tif"));
      await form.getByLabel("Acquired (UTC)").fill(acquired);
      await form.getByLabel("Sensor / platform").fill("Landsat 7 ETM+");
      await form.getByLabel("Licence (SPDX id or proprietary)").fill("Apache-2.0");
      await form.getByLabel("Attribution line").fill("Test attribution");
      await form.getByRole("button", { name: "Upload scene" }).click();
    };
    await upload("2002-01-01T00:00:00");
    const refused = page.getByTestId("upload-status").locator('[data-stage="refused"]');
    await refused.waitFor(SLOW);
    const message = await refused.textContent();
    expect(message).toContain("L7_ETMs.tif: this file is already the scene of 2001-07-15 12:30 UTC (Landsat 7 ETM+, licence Apache-2.0) at");
    expect(message).toContain(`Site editing ${RUN}`);
    expect(message).toContain("you gave acquisition date 2002-01-01.");
    expect(queryDb("SELECT id FROM Scene WHERE acquiredAt = ?", Date.parse("2002-01-01T00:00:00Z"))).toEqual([]);

    await upload("2001-07-15T12:30:00");
    const done = page.getByTestId("upload-status").locator('[data-stage="done"]');
    await done.waitFor(SLOW);
    expect(await done.textContent()).toBe(
      "This file was already stored as the scene of 2001-07-15 12:30 UTC (Landsat 7 ETM+, licence Apache-2.0); that scene is now a scene of this site.",
    );
    expect(errors).toEqual([]);
  });
});
