// Concurrency on a real database (SQLite; PostgreSQL in project db-postgres): 1,000 pairs of reviewers moving the same
// submitted change at once (one approves, the other rejects or requests
// changes). Each pair has exactly one winner, the loser gets a conflict with
// the current state, and the history holds exactly one event per successful move.
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";
import { transitionAnnotation } from "@/lib/review/transition-annotation.server";
import { createAnnotationIn, createSiteWithScenes, createUser } from "../factories";

const PAIRS = 1000;
/** Pairs in flight at once: enough that every pair's two moves interleave with others'. */
const WAVE = 100;

let analyst: SessionUser;
let editor: SessionUser;
let editor2: SessionUser;
let ids: { id: string; version: number }[] = [];
let siteId = "";

beforeAll(async () => {
  analyst = await createUser("ANALYST");
  editor = await createUser("EDITOR");
  editor2 = await createUser("EDITOR");
  const ctx = await createSiteWithScenes(analyst);
  siteId = ctx.site.id;
  const scenes = { before: ctx.before, after: ctx.after };
  ids = [];
  // Made ten at a time: on PostgreSQL the round trips of one overlap another's.
  for (let start = 0; start < PAIRS; start += 10) {
    const made = await Promise.all(Array.from({ length: Math.min(10, PAIRS - start) }, () => createAnnotationIn("SUBMITTED", { siteId: ctx.site.id, author: analyst, scenes })));
    ids.push(...made.map((a) => ({ id: a.id, version: a.version })));
  }
}, 300_000);

describe(`${PAIRS} racing transition pairs`, () => {
  it("one winner per pair, a conflict for the other, and as many events as successful moves", async () => {
    const eventsBefore = await db.reviewEvent.count({ where: { annotation: { siteId } } });
    let wins = 0;
    const winners = new Map<string, string>();
    for (let start = 0; start < PAIRS; start += WAVE) {
      const wave = ids.slice(start, start + WAVE);
      const outcomes = await Promise.all(
        wave.map(async (a, i) => {
          const second =
            i % 2 === 0 ? ({ to: "REJECTED", comment: "not supported by the imagery" } as const) : ({ to: "CHANGES_REQUESTED", comment: "outline the west wall" } as const);
          const results = await Promise.allSettled([
            transitionAnnotation({ annotationId: a.id, actor: editor, input: { to: "APPROVED", version: a.version } }),
            transitionAnnotation({ annotationId: a.id, actor: editor2, input: { ...second, version: a.version } }),
          ]);
          return { id: a.id, results };
        }),
      );
      for (const { id, results } of outcomes) {
        const fulfilled = results.filter((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ status: string }>[];
        const rejected = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
        expect(fulfilled, id).toHaveLength(1);
        expect(rejected, id).toHaveLength(1);
        expect((rejected[0]!.reason as DomainError).code, id).toBe("conflict");
        winners.set(id, fulfilled[0]!.value.status);
        wins++;
      }
    }
    expect(wins).toBe(PAIRS);
    const events = await db.reviewEvent.count({ where: { annotation: { siteId } } });
    expect(events - eventsBefore).toBe(wins);
    // Every row ended in its winner's status, one version on.
    const rows = await db.annotation.findMany({ where: { siteId }, select: { id: true, status: true, version: true } });
    expect(rows).toHaveLength(PAIRS);
    for (const row of rows) {
      expect(row.status).toBe(winners.get(row.id));
      expect(row.version).toBe(ids.find((a) => a.id === row.id)!.version + 1);
    }
  }, 300_000);
});
