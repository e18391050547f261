// See ogc-documents-process.mjs: seeds the fixture OGC_FIXTURE names into a migrated,
// empty database and prints its OGC documents as one JSON object.
import { ogcDocuments } from "./ogc-documents";
import { ogcFixture, seedOgcFixture } from "./ogc-fixture";

const args = JSON.parse(process.env.OGC_FIXTURE!) as { seed: number; sites: number; changesPerSite: number; queries: string[]; featureIds: string[] };
await seedOgcFixture(ogcFixture(args));
process.stdout.write(JSON.stringify(await ogcDocuments(args)));
const g = globalThis as unknown as { sitewatchDb?: { $disconnect(): Promise<void> } };
await g.sitewatchDb?.$disconnect();
