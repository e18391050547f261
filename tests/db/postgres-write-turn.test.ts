// On PostgreSQL, write transactions take their turn at one lock
// (lib/db/postgres-adapter.ts). A process that holds the lock and then stops
// (a worker frozen by the machine, a process stuck in its own code) must not
// stop every other process's writes for ever: the server ends a session left
// idle inside its transaction, and a write that cannot get its turn in time
// fails with a message instead of waiting without end.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { WRITE_LOCK_KEY } from "@/lib/db/postgres-adapter";

// Short limits for this file, set before its database client is made.
process.env.SITEWATCH_DB_IDLE_IN_TRANSACTION_MS = "1000";
process.env.SITEWATCH_DB_WRITE_WAIT_MS = "4000";
const { db } = (await import("@/lib/db.server")) as { db: PrismaClient };

const auditRow = (email: string) => db.user.create({ data: { email, name: email, passwordHash: "x", role: "ANALYST" } });

let holder: pg.Client;

beforeAll(async () => {
  holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await holder.connect();
});
afterAll(async () => {
  await holder.end();
});

describe("a write transaction whose process stops while it holds the turn", () => {
  it("is ended by the server, and the next write goes through", async () => {
    let wakeUp!: () => void;
    const asleep = new Promise<void>((resolve) => (wakeUp = resolve));
    // Holds the turn, then does nothing (its own timeout is far away, as for a frozen process).
    const frozen = db.$transaction(
      async (tx) => {
        await tx.user.count();
        await asleep;
        await tx.user.create({ data: { email: "frozen@example.org", name: "frozen", passwordHash: "x", role: "ANALYST" } });
      },
      { timeout: 600_000 },
    );
    frozen.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));

    // Waits for the frozen one's session to be ended (1 s), not for ever.
    await db.$transaction(() => auditRow("next@example.org"));
    expect(await db.user.count({ where: { email: "next@example.org" } })).toBe(1);

    // The frozen transaction is gone: woken, it cannot write, and wrote nothing.
    wakeUp();
    await expect(frozen).rejects.toThrow();
    expect(await db.user.count({ where: { email: "frozen@example.org" } })).toBe(0);
  });
});

describe("a write that cannot get its turn", () => {
  it("fails after the wait with a message, writes nothing, and the next write after the lock is free goes through", async () => {
    // Another program holds the lock and stays busy (not idle: the server does not end it).
    await holder.query("BEGIN");
    await holder.query(`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
    await expect(db.$transaction(() => auditRow("waited@example.org"))).rejects.toThrow("the database is busy: a write waited 4 s for its turn; try again");
    expect(await db.user.count({ where: { email: "waited@example.org" } })).toBe(0);
    await holder.query("COMMIT");
    await db.$transaction(() => auditRow("after@example.org"));
    expect(await db.user.count({ where: { email: "after@example.org" } })).toBe(1);
  });
});
