// Queuing long work for a worker. The kind's payload is checked here, so a
// worker never receives input it cannot read.
import type { Job } from "@prisma/client";
import { randomUUID } from "node:crypto";
import type { Tx } from "../db.server";
import { getJobQueue } from "./get-job-queue.server";
import { JOB_KINDS } from "./job-kinds.server";
import { JobId } from "./jobs.server";

export async function enqueueJob(args: { kind: string; payload: unknown; actor: { id: string } | null; id?: string; tx?: Tx }): Promise<Job> {
  const kind = JOB_KINDS[args.kind];
  if (!kind) throw new Error(`no job kind "${args.kind}"`);
  const payload = kind.payload.parse(args.payload);
  return getJobQueue().enqueue({
    tx: args.tx,
    input: {
      id: args.id === undefined ? randomUUID() : JobId.parse(args.id),
      kind: args.kind,
      payload,
      createdById: args.actor?.id ?? null,
      uniqueKey: kind.uniqueKey?.(payload),
    },
  });
}
