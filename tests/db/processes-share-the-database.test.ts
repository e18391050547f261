// Web servers, workers and the CLI write to one SQLite file. A transaction in
// one process must not fail because another process wrote meanwhile (a
// worker's heartbeat during a release being published): it waits for the
// other writer instead of answering "database is locked".
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { config } from "@/lib/config.server";
import { db } from "@/lib/db.server";

describe("two processes writing to the database", () => {
  it("a transaction that reads, works, then writes succeeds while another process writes in the middle of it", async () => {
    await db.user.count();
    const script = `const D = require("better-sqlite3"); const d = new D(${JSON.stringify(config.databasePath)}, { timeout: 10000 });
      setTimeout(() => { d.prepare("INSERT INTO Worker (id, host, pid, concurrency, lastSeenAt) VALUES ('other:1', 'other', 1, 1, 0)").run(); process.stdout.write("wrote"); }, 100);`;
    const other = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let wrote = "";
    other.stdout!.on("data", (c: Buffer) => (wrote += c.toString()));
    const job = await db.$transaction(async (tx) => {
      await tx.job.count();
      await new Promise((r) => setTimeout(r, 600));
      return tx.job.create({ data: { kind: "probe", payload: "{}" } });
    });
    expect(await db.job.findUnique({ where: { id: job.id } })).not.toBeNull();
    expect(await new Promise((r) => other.on("exit", r))).toBe(0);
    expect(wrote).toBe("wrote");
    expect(await db.worker.count({ where: { id: "other:1" } })).toBe(1);
  });
});
