// The Prisma driver adapter for PostgreSQL (`pg`), shared by the app
// (lib/db.server.ts) and the Prisma CLI (prisma/postgres/prisma.config.ts), with
// three corrections the stock @prisma/adapter-pg 6.19 needs here:
//  - catalog columns of type `name` (and `char`, `name[]`) are read as text:
//    the adapter refuses them (prisma/orm#27403), which breaks `migrate deploy`
//    when the schema engine reads the catalog;
//  - a migration script runs as one multi-statement query: the adapter splits
//    scripts on ";", which cuts a PL/pgSQL function body in pieces;
//  - `migrate diff --from-migrations` gets a real shadow database: the stock
//    adapter names it in a pool option that the connection string overrides,
//    so it would replay the migrations into the live database;
//  - optionally, every transaction first takes one advisory lock, so write
//    transactions run one at a time as on SQLite (BEGIN IMMEDIATE): the rules
//    that read, check and then write (the last admin, unique names, release
//    numbers, the racing review moves) keep their guarantees under PostgreSQL's
//    READ COMMITTED without retry loops (docs/decisions/0013-postgresql.md).
//    The wait for that lock is bounded (a write that cannot get its turn in
//    `writeWaitMs` fails with a message), and the server ends any session left
//    idle inside a transaction for `idleInTransactionMs`, so one stuck or
//    stopped process can never hold every other process's writes for ever.
import { PrismaPg } from "@prisma/adapter-pg";

/** Any fixed key: the one lock all Sitewatch write transactions take. */
export const WRITE_LOCK_KEY = 7_460_431_011;

export interface PostgresTimeouts {
  /** How long a write transaction waits for its turn (also Prisma's maxWait: a later start is refused anyway). */
  writeWaitMs: number;
  /** How long a transaction may run (Prisma's timeout). */
  transactionMs: number;
  /** A session idle inside an open transaction this long is ended by the server: its process is stopped or stuck. */
  idleInTransactionMs: number;
}

/** 60 s, 30 s and 60 s unless SITEWATCH_DB_WRITE_WAIT_MS, SITEWATCH_DB_TRANSACTION_MS or SITEWATCH_DB_IDLE_IN_TRANSACTION_MS say otherwise. */
export function postgresTimeouts(env: NodeJS.ProcessEnv = process.env): PostgresTimeouts {
  const ms = (name: string, fallback: number) => {
    const v = Number(env[name]);
    return Number.isInteger(v) && v > 0 ? v : fallback;
  };
  const transactionMs = ms("SITEWATCH_DB_TRANSACTION_MS", 30_000);
  return {
    writeWaitMs: ms("SITEWATCH_DB_WRITE_WAIT_MS", 60_000),
    transactionMs,
    idleInTransactionMs: ms("SITEWATCH_DB_IDLE_IN_TRANSACTION_MS", 2 * transactionMs),
  };
}

const AS_TEXT: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

interface PgField {
  dataTypeID: number;
}
interface Queryable {
  performIO(query: unknown): Promise<{ fields: PgField[] }>;
  executeRaw(query: { sql: string; args: unknown[]; argTypes: unknown[] }): Promise<number>;
}
interface AdapterInstance extends Queryable {
  client: { query(sql: string): Promise<unknown> };
  onError(e: unknown): never;
  startTransaction(isolationLevel?: string): Promise<Queryable>;
  executeScript(script: string): Promise<void>;
}

let patched = false;

/** The adapter's transaction: its pooled connection, given back by commit() or rollback(). */
interface PgTransaction extends Queryable {
  client: { release(e?: Error): void };
  cleanup?: () => void;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * Prisma ends a transaction with COMMIT or ROLLBACK and only then gives the
 * connection back; when that statement fails because the session is gone
 * (ended by the server, a network cut) the connection would stay checked out
 * for ever, and the pool would run dry one lost session at a time. Here such
 * a connection leaves the pool at once; a failed ROLLBACK counts as done (the
 * server rolled the transaction back when the session ended), a failed COMMIT
 * is still an error.
 */
function endsCleanly(tx: PgTransaction): PgTransaction {
  let released = false;
  const once = (give: () => Promise<void>) => async () => {
    if (released) return;
    released = true;
    await give();
  };
  const executeRaw = tx.executeRaw.bind(tx);
  tx.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (e) {
      if (query.sql !== "COMMIT" && query.sql !== "ROLLBACK") throw e;
      if (!released) {
        released = true;
        tx.cleanup?.();
        tx.client.release(e instanceof Error ? e : new Error(String(e)));
      }
      if (query.sql === "ROLLBACK") return 0;
      throw e;
    }
  };
  tx.commit = once(tx.commit.bind(tx));
  tx.rollback = once(tx.rollback.bind(tx));
  return tx;
}

function patchQueryable(proto: Queryable): void {
  if (patched) return;
  patched = true;
  const performIO = proto.performIO;
  proto.performIO = async function (this: Queryable, query: unknown) {
    const result = await performIO.call(this, query);
    for (const f of result?.fields ?? []) if (AS_TEXT[f.dataTypeID]) f.dataTypeID = AS_TEXT[f.dataTypeID]!;
    return result;
  };
}

export function postgresAdapter({ url, serialWrites, timeouts = postgresTimeouts() }: { url: string; serialWrites: boolean; timeouts?: PostgresTimeouts }): PrismaPg {
  const factory = new PrismaPg({
    connectionString: url,
    max: Number(process.env.SITEWATCH_DB_POOL ?? 10),
    options: `-c idle_in_transaction_session_timeout=${timeouts.idleInTransactionMs}`,
  });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as unknown as AdapterInstance;
    patchQueryable(Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as Queryable);
    adapter.executeScript = async (script: string) => {
      await adapter.client.query(script).catch((e: unknown) => adapter.onError(e));
    };
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel?: string) => {
      const tx = endsCleanly((await start(isolationLevel)) as PgTransaction);
      if (!serialWrites) return tx;
      try {
        await tx.executeRaw({ sql: `SET LOCAL lock_timeout = ${timeouts.writeWaitMs}`, args: [], argTypes: [] });
        await tx.executeRaw({ sql: `SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`, args: [], argTypes: [] });
      } catch (e) {
        // Ended here, as Prisma ends one: ROLLBACK, then the connection back to the pool.
        await tx.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] });
        await tx.rollback();
        if ((e as { cause?: { originalCode?: string } }).cause?.originalCode === "55P03" || /lock timeout/i.test(String((e as Error)?.message)))
          throw new Error(`the database is busy: a write waited ${timeouts.writeWaitMs / 1000} s for its turn; try again`);
        throw e;
      }
      return tx;
    };
    return adapter as unknown as Awaited<ReturnType<PrismaPg["connect"]>>;
  };
  factory.connectToShadowDb = async () => {
    const main = (await connect()) as unknown as AdapterInstance & { dispose(): Promise<void> };
    const name = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID().replaceAll("-", "")}`;
    await main.client.query(`CREATE DATABASE "${name}"`);
    const shadowUrl = new URL(url);
    shadowUrl.pathname = `/${name}`;
    const shadow = postgresAdapter({ url: shadowUrl.toString(), serialWrites: false });
    const adapter = await shadow.connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await main.client.query(`DROP DATABASE IF EXISTS "${name}"`);
      await main.dispose();
    };
    return adapter;
  };
  return factory;
}
