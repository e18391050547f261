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
import { PrismaPg } from "@prisma/adapter-pg";

/** Any fixed key: the one lock all Sitewatch write transactions take. */
export const WRITE_LOCK_KEY = 7_460_431_011;

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

export function postgresAdapter({ url, serialWrites }: { url: string; serialWrites: boolean }): PrismaPg {
  const factory = new PrismaPg({ connectionString: url, max: Number(process.env.SITEWATCH_DB_POOL ?? 10) });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as unknown as AdapterInstance;
    patchQueryable(Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as Queryable);
    adapter.executeScript = async (script: string) => {
      await adapter.client.query(script).catch((e: unknown) => adapter.onError(e));
    };
    if (serialWrites) {
      const start = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel?: string) => {
        const tx = await start(isolationLevel);
        await tx.executeRaw({ sql: `SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`, args: [], argTypes: [] });
        return tx;
      };
    }
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
