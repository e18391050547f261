// Public reads are pure functions of the release table, which only grows: a
// result stays valid until the next release anywhere. Each request checks the
// release count (one indexed query) and reuses what was computed for it.
// Kept on globalThis so every route bundle of the server shares one cache.
import { publicGeneration } from "./public-generation.server";

interface PublicCache {
  generation: number;
  values: Map<string, Promise<unknown>>;
}

const holder = globalThis as unknown as { __sitewatchPublicCache?: PublicCache };

/** `build()` once per release generation for each key; a failed build is not kept. */
export async function memoPublic<T>({ key, build }: { key: string; build: () => Promise<T> }): Promise<T> {
  const generation = await publicGeneration();
  let cache = holder.__sitewatchPublicCache;
  if (!cache || cache.generation !== generation) {
    cache = { generation, values: new Map() };
    holder.__sitewatchPublicCache = cache;
  }
  let hit = cache.values.get(key) as Promise<T> | undefined;
  if (!hit) {
    const values = cache.values;
    hit = build();
    values.set(key, hit);
    hit.catch(() => values.delete(key));
  }
  return hit;
}
