// Tile renders take turns across web servers on PostgreSQL
// (lib/publish/tile-render-turns.server.ts). Two web servers are two sets of
// turns on their own connections to one real PostgreSQL database, as two
// processes would be: the limit is theirs together, the line is fair between
// them, a tile asked of both at once is drawn once, and a server that dies
// mid-render frees its turn.
import { afterEach, describe, expect, it } from "vitest";
import { config } from "@/lib/config.server";
import { PostgresTileRenderTurns, type TileRenderTurns, type TurnLimits } from "@/lib/publish/tile-render-turns.server";

const open: TileRenderTurns[] = [];
const server = (limits: Partial<TurnLimits>) => {
  const t = new PostgresTileRenderTurns({ total: 2, local: 2, queue: 64, ...limits }, config.databaseUrl);
  open.push(t);
  return t;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

/** A render that takes `ms` and records how many renders were under way at once, and in which order they started. */
function recorder() {
  let now = 0;
  const seen = { most: 0, started: [] as string[] };
  const render =
    (name: string, ms = 40) =>
    async () => {
      seen.started.push(name);
      now++;
      seen.most = Math.max(seen.most, now);
      await new Promise((r) => setTimeout(r, ms));
      now--;
      return name;
    };
  return { seen, render };
}

describe("two web servers on one PostgreSQL", () => {
  it("share one limit: never more renders at once than SITEWATCH_TILE_RENDERS between them, and every render runs", async () => {
    const [a, b] = [server({ total: 2, local: 2 }), server({ total: 2, local: 2 })];
    const { seen, render } = recorder();
    const runs = [];
    for (let i = 0; i < 8; i++) {
      runs.push(a.run(`a/${i}`, render(`a${i}`)));
      runs.push(b.run(`b/${i}`, render(`b${i}`)));
    }
    const outcomes = await Promise.all(runs);
    expect(outcomes.every((o) => o.ran)).toBe(true);
    expect(seen.started).toHaveLength(16);
    // Each server alone would allow 2, so 4 together; the shared limit is 2.
    expect(seen.most).toBe(2);
  });

  it("are fair: a render that comes to the second server starts before the first server's long line has drained", async () => {
    const [a, b] = [server({ total: 1, local: 2 }), server({ total: 1, local: 2 })];
    const { seen, render } = recorder();
    let releaseFirst!: () => void;
    const first = new Promise<void>((r) => (releaseFirst = r));
    // A's first two: one renders until released, the other holds the gate, waiting for the one slot.
    const held = (name: string) => async () => {
      await render(name, 0)();
      await first;
    };
    const lineAtA = [a.run("a/0", held("a0")), a.run("a/1", held("a1")), ...Array.from({ length: 6 }, (_, i) => a.run(`a/${i + 2}`, render(`a${i + 2}`, 30)))];
    await until(async () => seen.started.length === 1 && (await gate()).held === 1);
    // Then B's reader arrives and waits at the gate (A's others wait in A's own line: it runs two at once).
    const atB = b.run("b/0", render("b0", 30));
    await until(async () => (await gate()).waiting === 1);
    releaseFirst();
    await Promise.all([...lineAtA, atB]);
    // In order of arrival at the gate: A's first two, then B's, before the six others of A.
    expect(seen.started.slice(0, 2).sort()).toEqual(["a0", "a1"]);
    expect(seen.started[2]).toBe("b0");
    expect(seen.most).toBe(1);
  });

  it("draw a tile asked of both at the same moment once; the other is told to read the cache", async () => {
    const [a, b] = [server({}), server({})];
    let drawn = 0;
    const draw = async () => {
      drawn++;
      await new Promise((r) => setTimeout(r, 150));
      return "tile";
    };
    const [fromA, fromB] = await Promise.all([a.run("cog/render/12/1/2", draw), b.run("cog/render/12/1/2", draw)]);
    expect(drawn).toBe(1);
    expect([fromA, fromB].map((o) => (o.ran ? "drew" : o.reason)).sort()).toEqual(["drew", "rendered-elsewhere"]);
  });

  it("free the turn of a render that failed, and of a server whose connection died mid-render", async () => {
    const [a, b] = [server({ total: 1, local: 1 }), server({ total: 1, local: 1 })];
    await expect(
      a.run("x", async () => {
        throw new Error("the COG could not be read");
      }),
    ).rejects.toThrow("the COG could not be read");
    expect(await b.run("y", async () => "drawn")).toEqual({ ran: true, value: "drawn" });

    // A holds the only slot; its session is ended by the server (as when its process dies).
    let holding!: () => void;
    let finish!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    const stuck = a.run("z", async () => {
      holding();
      await new Promise<void>((r) => (finish = r));
      return "late";
    });
    await held;
    try {
      const { db } = await import("@/lib/db.server");
      // Every tile session ends, B's idle pooled one too (as after a database restart): B takes a fresh one.
      await db.$executeRawUnsafe("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sitewatch-tiles'");
      expect(await b.run("w", async () => "drawn after A's death")).toEqual({ ran: true, value: "drawn after A's death" });
    } finally {
      finish();
    }
    // A's render, when it ends, finds its connection gone; the error reaches its caller.
    await expect(stuck).rejects.toThrow();
  });
});

/** The gate lock of the turns (lib/publish/tile-render-turns.server.ts): sessions holding it and waiting for it. */
async function gate(): Promise<{ held: number; waiting: number }> {
  const { db } = await import("@/lib/db.server");
  const [row] = await db.$queryRawUnsafe<{ held: bigint; waiting: bigint }[]>(
    `SELECT count(*) FILTER (WHERE granted) AS held, count(*) FILTER (WHERE NOT granted) AS waiting FROM pg_locks WHERE locktype = 'advisory' AND classid = ${0x53570001}::oid AND objsubid = 2`,
  );
  return { held: Number(row!.held), waiting: Number(row!.waiting) };
}

async function until(ok: () => Promise<boolean>): Promise<void> {
  const start = Date.now();
  while (!(await ok())) {
    if (Date.now() - start > 60_000) throw new Error("the awaited state never came");
    await new Promise((r) => setTimeout(r, 10));
  }
}
