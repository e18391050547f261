// The indexed published changes for OGC API – Features, cached until the next release.
import { DomainError } from "../errors";
import { memoPublic } from "./public-cache.server";
import { latestSnapshots } from "./public-read.server";
import { COLLECTION_ID, indexChanges, type IndexedChange } from "./public-ogc";

export function ogcChanges(origin: string): Promise<IndexedChange[]> {
  return memoPublic({ key: `ogc:${origin}`, build: async () => indexChanges({ snapshots: await latestSnapshots(), origin }) });
}

export function assertCollection(id: string): void {
  if (id !== COLLECTION_ID) throw new DomainError("not_found", `no collection "${id}": the one collection is "${COLLECTION_ID}"`);
}
