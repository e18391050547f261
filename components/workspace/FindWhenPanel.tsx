"use client";
// "Find when": searches all the site's ready scenes in date order and stores
// each change found under the narrowest window the imagery gives it — the last
// scene before it and the first after it (lib/detect/series-job.server.ts).
// Shows the search's progress (cancellable), then the windows, each a button
// that opens that pair in the viewer, where its candidates wait to be decided.
import { useEffect, useRef, useState } from "react";
import { ApiError, callApi } from "@/components/ui/api-client";
import type { SeriesSummary } from "@/lib/detect/detect-views";
import { describeObscured } from "@/lib/detect/detection-report";
import { isJobActive } from "@/lib/jobs/job-rules";
import type { JobView } from "@/lib/jobs/job-view";
import { formatDate } from "@/lib/format";
import type { SceneView } from "@/lib/scenes/scene-view";
import { followJob } from "./follow-job";
import JobProgressLine from "./JobProgressLine";

interface Props {
  siteId: string;
  scenes: SceneView[];
  onPairChange: (beforeId: string, afterId: string) => void;
}

type SeriesJob = Omit<JobView, "result"> & { result: SeriesSummary | null };

export default function FindWhenPanel({ siteId, scenes, onPairChange }: Props) {
  const dates = new Set(scenes.filter((s) => s.status === "READY").map((s) => s.acquiredAt));
  const [job, setJob] = useState<SeriesJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);

  const follow = (jobId: string) => {
    stop.current?.();
    stop.current = followJob({
      jobId,
      onJob: (j) => {
        setJob(j as SeriesJob);
        if (j.status === "FAILED") setError(`The search failed: ${j.error ?? "unknown error"}`);
      },
      onUnavailable: () => setError("This search was started by someone else; try again when it has finished."),
    });
  };

  async function start() {
    setError(null);
    const jobId = crypto.randomUUID();
    try {
      const started = await callApi<{ job: SeriesJob }>(`/api/sites/${siteId}/detect-series`, { body: { jobId } });
      setJob(started.job);
      follow(started.job.id);
    } catch (err) {
      const running = err instanceof ApiError && err.status === 409 ? (err.details as { jobId?: string } | undefined)?.jobId : undefined;
      if (running) return follow(running);
      setError(err instanceof ApiError ? err.message : "could not reach the server");
    }
  }

  async function cancel() {
    if (!job) return;
    await callApi(`/api/jobs/${job.id}/cancel`, { method: "POST" }).catch((err: unknown) => setError(err instanceof ApiError ? err.message : "could not reach the server"));
  }

  const active = job && isJobActive(job.status);
  const result = job?.status === "SUCCEEDED" ? job.result : null;
  return (
    <section className="panel" aria-labelledby="find-when-heading" data-testid="find-when">
      <h2 id="find-when-heading" style={{ marginTop: 0 }}>
        Find when
      </h2>
      <p className="small">
        Searches all {dates.size} dates of this site&apos;s imagery in order and gives each change the narrowest window the images allow: the last scene before it and the first
        after it. Each change waits under its window, in Find changes, to be accepted or dismissed.
      </p>
      <div className="row small">
        <button type="button" onClick={start} disabled={dates.size < 2 || Boolean(active)}>
          Find when, across {dates.size} scenes
        </button>
        {active && (
          <button type="button" className="secondary" onClick={cancel}>
            Cancel
          </button>
        )}
      </div>
      {dates.size < 2 && <p className="small muted">Needs two or more ready scenes of different dates.</p>}
      {job && active && <JobProgressLine job={job} label="Search progress" testId="find-when-progress" />}
      {job?.status === "CANCELLED" && (
        <p role="status" className="small muted">
          Cancelled. The candidates are as they were.
        </p>
      )}
      {result && (
        <div role="status" className="small" data-testid="find-when-done">
          <p>
            {result.changes === 0
              ? `No changes between the first and last of the ${result.scenes} scenes.`
              : `${result.changes} change${result.changes === 1 ? "" : "s"} across ${result.scenes} scenes.`}
            {describeObscured(result.obscured) && ` ${describeObscured(result.obscured)}.`}
          </p>
          {result.left.length > 0 && (
            <p className="muted">
              Left out, not comparable with the others:{" "}
              {result.left.map((s) => `${formatDate(s.acquiredAt)} (${s.bands} band${s.bands === 1 ? "" : "s"} of ${s.dataType})`).join(", ")}.
            </p>
          )}
          {result.pairsNotCompared.map((p) => (
            <p key={p.beforeDate} className="muted">
              {formatDate(p.beforeDate)} → {formatDate(p.afterDate)} could not be compared ({p.reason}): changes in it keep a wider window.
            </p>
          ))}
          {result.windows.length > 0 && (
            <ul>
              {result.windows.map((w) => (
                <li key={`${w.beforeSceneId}|${w.afterSceneId}`}>
                  <button type="button" className="link" onClick={() => onPairChange(w.beforeSceneId, w.afterSceneId)}>
                    {formatDate(w.beforeDate)} → {formatDate(w.afterDate)}
                  </button>
                  : {w.changes} new candidate{w.changes === 1 ? "" : "s"}
                  {w.narrowed ? "" : " (seen only across the whole series: it grew by steps too small to see between neighbouring dates)"}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
    </section>
  );
}
