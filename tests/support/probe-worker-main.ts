// See probe-worker.mjs.
import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { defineJobKind } from "@/lib/jobs/job-kind";
import { JOB_KINDS } from "@/lib/jobs/job-kinds.server";
import { runWorker } from "@/lib/jobs/run-worker.server";

export const probeJob = defineJobKind({
  kind: "probe",
  payload: z.object({ sleepMs: z.number().int().min(0) }),
  async run({ job, payload, signal }) {
    fs.appendFileSync(process.env.PROBE_LOG!, `${job.id} ${process.pid}\n`);
    await sleep(payload.sleepMs, undefined, { signal });
    return { result: { pid: process.pid }, message: "probed" };
  },
});

const stop = new AbortController();
process.on("SIGTERM", () => stop.abort());
await runWorker({
  concurrency: Number(process.env.PROBE_CONCURRENCY ?? 2),
  stop: stop.signal,
  kinds: { ...JOB_KINDS, probe: probeJob as never },
  events: { ready: (id) => process.stdout.write(`worker ${id} ready\n`) },
});
const g = globalThis as unknown as { sitewatchDb?: { $disconnect(): Promise<void> } };
await g.sitewatchDb?.$disconnect();
