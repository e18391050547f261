"use client";
// Publish the site's next release: first what it will contain (the changelog
// against the previous release, site fields that changed since, which scenes
// it makes public and why the others are not), then the note.
import { useEffect, useState } from "react";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";
import { formatDate } from "@/lib/format";
import { releaseRefusals, sceneWithheldText, type PublishedReleaseView, type ReleasePreview, type ReleaseSceneView } from "@/lib/releases/release-snapshot";
import { RELEASE_NOTE } from "@/lib/releases/release.schema";
import ChangelogList from "@/components/ui/ChangelogList";
import type { JobView } from "@/lib/jobs/job-view";
import { followJob } from "./follow-job";

type Preview = ReleasePreview;

export default function PublishReleaseForm({
  siteId,
  siteSlug,
  changesKey,
  onPublished,
}: {
  siteId: string;
  siteSlug: string;
  changesKey: string;
  onPublished: (n: number) => void;
}) {
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [reload, setReload] = useState(0);
  /** The release just published and the job drawing its public tiles, followed until it ends. */
  const [tiles, setTiles] = useState<{ number: number; jobId: string; job: JobView | null; gone: boolean } | null>(null);
  /** The release just published and the key that signed it. */
  const [signed, setSigned] = useState<{ number: number; keyId: string | null } | null>(null);
  const tilesJobId = tiles?.jobId;
  useEffect(() => {
    if (!tilesJobId) return;
    return followJob({
      jobId: tilesJobId,
      onJob: (job) => setTiles((t) => (t && t.jobId === tilesJobId ? { ...t, job } : t)),
      onUnavailable: () => setTiles((t) => (t && t.jobId === tilesJobId ? { ...t, gone: true } : t)),
    });
  }, [tilesJobId]);
  useEffect(() => {
    setPreview(null);
    callApi<Preview>(`/api/sites/${siteId}/releases/preview`)
      .then(setPreview)
      .catch((err) => setError(err instanceof ApiError ? err.message : "could not load what the release would contain"));
  }, [siteId, changesKey, reload]);
  // The same list the server refuses on.
  const blocked = !preview || releaseRefusals(preview).length > 0;
  const c = preview?.changelog;
  return (
    <form
      className="stack"
      aria-label="Publish a release"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          // Publish exactly what was shown: the server refuses if the release would now contain anything else.
          const { release } = await callApi<{ release: PublishedReleaseView }>(`/api/sites/${siteId}/releases`, {
            body: { note, expectedChangelogSha256: preview?.changelogSha256 },
          });
          setNote("");
          setSigned({ number: release.number, keyId: release.signingKeyId });
          if (release.prerenderJobId) setTiles({ number: release.number, jobId: release.prerenderJobId, job: null, gone: false });
          onPublished(release.number);
        } catch (err) {
          setError(err instanceof ApiError ? err.message : "could not reach the server");
          if (err instanceof ApiError && err.status === 409) setReload((n) => n + 1);
        } finally {
          setBusy(false);
        }
      }}
    >
      {preview && c ? (
        <div className="small" data-testid="release-preview">
          <p style={{ margin: 0 }}>
            Release {preview.number} will publish: {c.added.length} new change{c.added.length === 1 ? "" : "s"}, {c.revised.length} revised, {c.retracted.length} retracted
            {c.siteFields.length ? `; site details changed: ${c.siteFields.join(", ")}` : ""}.
          </p>
          <ChangelogList changelog={c} />
          <ReleaseScenes number={preview.number} scenes={preview.scenes} />
          {preview.ownApproved.length > 0 && (
            <p className="error">
              {preview.ownApproved.length} approved change{preview.ownApproved.length === 1 ? " is" : "s are"} your own work: another editor must publish this release.
            </p>
          )}
          {preview.ownSiteEdits && <p className="error">You wrote or changed this site&apos;s public details since its last release: another editor must publish them.</p>}
          {preview.empty && <p className="muted">There is nothing to publish.</p>}
        </div>
      ) : (
        <p className="small muted">Working out what the release would contain…</p>
      )}
      <label>
        Release note (public)
        <textarea value={note} onChange={(e) => setNote(e.target.value)} required minLength={RELEASE_NOTE.min} maxLength={RELEASE_NOTE.max} />
      </label>
      <ErrorAlert message={error} />
      {signed && (
        <p className="small" data-testid="release-signed">
          Release {signed.number} is published
          {signed.keyId ? (
            <>
              , signed with key <code>{signed.keyId}</code>
            </>
          ) : (
            ""
          )}
          : its <a href={`/sites/${siteSlug}/releases/${signed.number}/archive.zip`}>verifiable archive</a>.
        </p>
      )}
      {tiles && <PrerenderStatus {...tiles} />}
      <button type="submit" disabled={busy || blocked}>
        {busy ? "Publishing… (drawing each change's before and after images, then signing)" : "Publish release"}
      </button>
    </form>
  );
}

function sceneLabel(s: ReleaseSceneView): string {
  return `${formatDate(s.acquiredAt)} · ${s.sensor || "unknown sensor"} · ${s.license}${s.synthetic ? " · synthetic" : ""}`;
}

/** The site's scenes in the release: whose imagery becomes public, and for each of the others why not. */
function ReleaseScenes({ number, scenes }: { number: number; scenes: ReleaseSceneView[] }) {
  const shown = scenes.filter((s) => s.verdict.imageryPublic);
  const withheld = scenes.filter((s) => !s.verdict.imageryPublic);
  if (scenes.length === 0) return <p className="muted">This site has no scenes yet.</p>;
  return (
    <div data-testid="release-scenes">
      <p style={{ margin: "0.4rem 0 0" }}>Imagery public in release {number}:</p>
      {shown.length ? (
        <ul data-testid="release-scenes-public">
          {shown.map((s) => (
            <li key={s.id} data-scene-id={s.id}>
              {sceneLabel(s)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="release-scenes-public">
          none
        </p>
      )}
      {withheld.length > 0 && (
        <>
          <p style={{ margin: "0.4rem 0 0" }}>Not public:</p>
          <ul data-testid="release-scenes-withheld">
            {withheld.map((s) => (
              <li key={s.id} data-scene-id={s.id}>
                {sceneLabel(s)}: {s.verdict.reasons.map((r) => sceneWithheldText(r, s.verdict.inRelease)).join("; ")}.
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** How far the drawing of a new release's public tiles is. The release is public already: tiles not drawn yet are drawn when a reader asks. */
function PrerenderStatus({ number, job, gone }: { number: number; job: JobView | null; gone: boolean }) {
  let text: string;
  if (gone) text = `The public map tiles of release ${number} are being drawn by the server.`;
  else if (!job || job.status === "QUEUED")
    text =
      job?.workersOnline === 0
        ? `The public map tiles of release ${number} wait for a worker (none is running); meanwhile each is drawn when a reader first asks.`
        : `The public map tiles of release ${number} are queued to be drawn.`;
  else if (job.status === "RUNNING") text = `Drawing the public map tiles of release ${number}: ${job.message} (${Math.round(job.progress * 100)} %).`;
  else if (job.status === "SUCCEEDED") text = `Every public map tile is ready: ${job.message}.`;
  else
    text = `Drawing the public map tiles of release ${number} ${job.status === "CANCELLED" ? "was cancelled" : `failed: ${job.error ?? "unknown error"}`}. Each is drawn when a reader first asks.`;
  return (
    <p className="small" aria-live="polite" data-testid="prerender-status" data-status={gone ? "GONE" : (job?.status ?? "QUEUED")}>
      {text}
    </p>
  );
}
