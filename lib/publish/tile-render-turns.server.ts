// Whose turn it is to render a public tile. Renders are CPU work, so they are
// limited in number; a storm of cold tiles waits in line (first come, first
// served) or, past the line's length, gets 503 instead of starving the API.
//
// On SQLite (one web server) the line lives in the process. On PostgreSQL,
// where several web servers share one database and one tile cache, it lives
// in PostgreSQL, so that no process's memory decides it
// (docs/decisions/0014-shared-tile-render-turns.md):
//  - the limit, SITEWATCH_TILE_RENDERS, is shared by every web server: a render
//    holds one of that many slots (session advisory locks, freed by the server
//    if the process dies);
//  - the line is fair across servers: the next render to start is the one that
//    has waited longest, whichever server it came to (the first in each
//    server's own line queues for a gate lock, and PostgreSQL grants lock
//    waits in order);
//  - a tile is rendered once however many servers are asked for it at the same
//    moment: the others wait for that render and then read the tile cache.
// Each process also renders no more at once than its machine has cores.
import os from "node:os";
import pg from "pg";
import { config } from "../config.server";

export type TurnOutcome<T> = { ran: true; value: T } | { ran: false; reason: "busy" } | { ran: false; reason: "rendered-elsewhere" };

export interface TileRenderTurns {
  /**
   * Runs `render` for tile `key` when its turn comes. "busy": too many renders
   * are waiting already (answer 503). "rendered-elsewhere": another process
   * rendered this tile meanwhile (read the tile cache).
   */
  run<T>(key: string, render: () => Promise<T>): Promise<TurnOutcome<T>>;
  /** Ends what it holds (tests, and a server that stops). */
  close(): Promise<void>;
}

export interface TurnLimits {
  /** Renders at once (on PostgreSQL: across every web server). */
  total: number;
  /** Renders at once in this process (its machine's cores). */
  local: number;
  /** Renders that may wait in this process before it answers 503. */
  queue: number;
}

export function turnLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): TurnLimits {
  const positive = (v: string | undefined, fallback: number) => {
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  const cores = Math.max(2, os.availableParallelism());
  const total = positive(env.SITEWATCH_TILE_RENDERS, cores);
  return { total, local: Math.min(total, cores), queue: positive(env.SITEWATCH_TILE_QUEUE, 64) };
}

/** A first-come, first-served line of at most `limit` running and `queue` waiting. */
class Line {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(
    private readonly limit: number,
    private readonly queue: number,
  ) {}
  /** False when the line is full. */
  async enter(): Promise<boolean> {
    if (this.running < this.limit) {
      this.running++;
      return true;
    }
    if (this.waiting.length >= this.queue) return false;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return true;
  }
  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

/** The embedded installation's turns: one web server, so the line is this process's. */
export class LocalTileRenderTurns implements TileRenderTurns {
  private readonly line: Line;
  constructor(limits: TurnLimits) {
    this.line = new Line(limits.local, limits.queue);
  }
  async run<T>(_key: string, render: () => Promise<T>): Promise<TurnOutcome<T>> {
    if (!(await this.line.enter())) return { ran: false, reason: "busy" };
    try {
      return { ran: true, value: await render() };
    } finally {
      this.line.leave();
    }
  }
  async close(): Promise<void> {}
}

// Advisory lock spaces (the two-int form: apart from the one-bigint write lock and pg-boss's locks).
const GATE = 0x53570001;
const SLOT = 0x53570002;
const TILE = 0x53570003;
const POLL_MS = [2, 5, 10, 20];

/** A tile's key as the int4 a lock names: a collision only makes two tiles take turns. */
function tileLockId(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** The session is gone (ended by the server, the connection cut), as opposed to a statement that failed. */
function isConnectionLost(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? "";
  return code.startsWith("57P") || code.startsWith("08") || ["ECONNRESET", "EPIPE", "ECONNREFUSED"].includes(code) || /Connection terminated/i.test(String((e as Error)?.message));
}

type LockQuery = (sql: string, params: number[]) => Promise<pg.QueryResult<{ ok: boolean }>>;

/** A wait for a lock longer than this is a line too long: the render answers 503 as when this process's line is full. */
const LOCK_WAIT_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The turns of a scaled-out installation, kept in PostgreSQL (see the top of this file). */
export class PostgresTileRenderTurns implements TileRenderTurns {
  private readonly line: Line;
  private readonly pool: pg.Pool;
  private warned = false;

  constructor(
    private readonly limits: TurnLimits,
    url: string,
  ) {
    this.line = new Line(limits.local, limits.queue);
    // One connection per render under way, and one for the first in line; its own pool, apart from Prisma's
    // (whose write transactions take turns of their own).
    this.pool = new pg.Pool({
      connectionString: url,
      max: limits.local + 1,
      application_name: "sitewatch-tiles",
      options: `-c lock_timeout=${LOCK_WAIT_MS}`,
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
    });
    this.pool.on("error", () => undefined);
  }

  async run<T>(key: string, render: () => Promise<T>): Promise<TurnOutcome<T>> {
    if (!(await this.line.enter())) return { ran: false, reason: "busy" };
    try {
      const started = { render: false };
      try {
        return await this.runInLine(key, render, started);
      } catch (e) {
        // A pooled connection the server had already ended (a restart, an idle cut): once more on a fresh one.
        if (started.render || !isConnectionLost(e)) throw e;
        return await this.runInLine(key, render, started);
      }
    } finally {
      this.line.leave();
    }
  }

  private async runInLine<T>(key: string, render: () => Promise<T>, started: { render: boolean }): Promise<TurnOutcome<T>> {
    let conn: pg.PoolClient;
    try {
      conn = await this.pool.connect();
    } catch (e) {
      // The database is away: this process's own line still holds (its renders need no database).
      this.warnOnce(e);
      return { ran: true, value: await render() };
    }
    // A lock statement that failed leaves the session in doubt: it is closed then, which frees whatever it held.
    let healthy = true;
    // The session ended under it (the server restarted, the connection was cut): its locks are gone with it.
    const onError = () => (healthy = false);
    conn.on("error", onError);
    const query = async (sql: string, params: number[]) => {
      try {
        return await conn.query<{ ok: boolean }>(sql, params);
      } catch (e) {
        healthy = false;
        throw e;
      }
    };
    try {
      const tile = tileLockId(key);
      if (!(await query("SELECT pg_try_advisory_lock($1, $2) AS ok", [TILE, tile])).rows[0]!.ok) {
        // Another process renders this very tile: wait for it to finish, then the caller reads the cache.
        await query("SELECT pg_advisory_lock($1, $2)", [TILE, tile]);
        await query("SELECT pg_advisory_unlock($1, $2)", [TILE, tile]);
        return { ran: false, reason: "rendered-elsewhere" };
      }
      let slot = -1;
      try {
        slot = await this.takeSlot(query);
        started.render = true;
        return { ran: true, value: await render() };
      } finally {
        if (slot >= 0) await query("SELECT pg_advisory_unlock($1, $2)", [SLOT, slot]);
        await query("SELECT pg_advisory_unlock($1, $2)", [TILE, tile]);
      }
    } catch (e) {
      // Waited longer than the lock timeout: the line across servers is too long, as when this process's line is full.
      if ((e as { code?: string }).code === "55P03") return { ran: false, reason: "busy" };
      throw e;
    } finally {
      conn.off("error", onError);
      conn.release(healthy ? undefined : new Error("a tile turn's connection failed"));
    }
  }

  /** Waits at the gate (in order of arrival across servers), then for a free slot; gives the gate to the next. */
  private async takeSlot(query: LockQuery): Promise<number> {
    await query("SELECT pg_advisory_lock($1, 0)", [GATE]);
    try {
      for (let attempt = 0; ; attempt++) {
        // Start from a different slot each time, so that slot 0 is not always the one asked first.
        const from = Math.floor(Math.random() * this.limits.total);
        for (let i = 0; i < this.limits.total; i++) {
          const slot = (from + i) % this.limits.total;
          if ((await query("SELECT pg_try_advisory_lock($1, $2) AS ok", [SLOT, slot])).rows[0]!.ok) return slot;
        }
        await sleep(POLL_MS[Math.min(attempt, POLL_MS.length - 1)]!);
      }
    } finally {
      await query("SELECT pg_advisory_unlock($1, 0)", [GATE]);
    }
  }

  private warnOnce(e: unknown): void {
    if (this.warned) return;
    this.warned = true;
    console.error(`sitewatch: tile renders take turns in this process only: the database cannot be reached (${(e as Error)?.message ?? String(e)})`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

let turns: TileRenderTurns | null = null;

/** This process's turns: kept in PostgreSQL when the installation runs on it, else in this process. */
export function getTileRenderTurns(): TileRenderTurns {
  turns ??= config.databaseProvider === "postgresql" ? new PostgresTileRenderTurns(turnLimitsFromEnv(), config.databaseUrl) : new LocalTileRenderTurns(turnLimitsFromEnv());
  return turns;
}

/** For tests: the next call makes the turns again (a test database was swapped). */
export async function resetTileRenderTurns(): Promise<void> {
  const old = turns;
  turns = null;
  await old?.close();
}
