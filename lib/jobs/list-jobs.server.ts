// The admins' view of the queue (GET /api/jobs, /workspace/jobs): what waits,
// what runs and where, what failed and why, and the latest ends.
import type { Job } from "@prisma/client";
import { db } from "../db.server";
import { jobView, type JobListItem, type JobListView } from "./job-view";
import { listLiveWorkers } from "./worker-presence.server";

const RECENT = 50;

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

async function describe(jobs: Job[]): Promise<Map<string, string>> {
  const payloads = new Map(jobs.map((j) => [j.id, JSON.parse(j.payload) as Record<string, string | undefined>]));
  const sceneIds = [...payloads.values()].flatMap((p) => [p.sceneId, p.beforeSceneId, p.afterSceneId]).filter((x): x is string => Boolean(x));
  const siteIds = [...payloads.values()].map((p) => p.siteId).filter((x): x is string => Boolean(x));
  const scenes = new Map(
    (
      await db.scene.findMany({
        where: { id: { in: sceneIds } },
        select: { id: true, originalFilename: true, acquiredAt: true, sites: { select: { site: { select: { name: true } } }, take: 1 } },
      })
    ).map((s) => [s.id, s]),
  );
  const sites = new Map((await db.site.findMany({ where: { id: { in: siteIds } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  const out = new Map<string, string>();
  for (const job of jobs) {
    const p = payloads.get(job.id)!;
    if (job.kind === "convert-scene") {
      const scene = p.sceneId ? scenes.get(p.sceneId) : undefined;
      out.set(job.id, scene ? `Conversion of ${scene.originalFilename}${scene.sites[0] ? ` (${scene.sites[0].site.name})` : ""}` : "Conversion of a deleted scene");
    } else if (job.kind === "detect") {
      const before = p.beforeSceneId ? scenes.get(p.beforeSceneId) : undefined;
      const after = p.afterSceneId ? scenes.get(p.afterSceneId) : undefined;
      const site = p.siteId ? (sites.get(p.siteId) ?? "a deleted site") : "?";
      out.set(job.id, `Detection on ${site}, ${before ? day(before.acquiredAt) : "?"} → ${after ? day(after.acquiredAt) : "?"}`);
    } else if (job.kind === "detect-series") {
      out.set(job.id, `Find when on ${p.siteId ? (sites.get(p.siteId) ?? "a deleted site") : "?"}, across all its scenes`);
    } else out.set(job.id, job.kind);
  }
  return out;
}

export async function listJobs(): Promise<JobListView> {
  const include = { createdBy: { select: { name: true } } } as const;
  const [queued, running, failed, recent] = await Promise.all([
    db.job.findMany({ where: { status: "QUEUED" }, orderBy: { createdAt: "asc" }, include }),
    db.job.findMany({ where: { status: "RUNNING" }, orderBy: { startedAt: "asc" }, include }),
    db.job.findMany({ where: { status: "FAILED" }, orderBy: { finishedAt: "desc" }, take: RECENT, include }),
    db.job.findMany({ where: { status: { in: ["SUCCEEDED", "CANCELLED"] } }, orderBy: { finishedAt: "desc" }, take: RECENT, include }),
  ]);
  const subjects = await describe([...queued, ...running, ...failed, ...recent]);
  const item = (j: Job & { createdBy: { name: string } | null }): JobListItem => ({ ...jobView(j), startedBy: j.createdBy?.name ?? null, subject: subjects.get(j.id) ?? j.kind });
  return { workers: await listLiveWorkers(), queued: queued.map(item), running: running.map(item), failed: failed.map(item), recent: recent.map(item) };
}
