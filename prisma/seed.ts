// `npm run db:seed` — seeds the demo data into the configured database (idempotent).
// The demo publishes release 1, which is signed: the installation's release-signing
// key is made first if there is none (SITEWATCH_KEYS_DIR, by default <data dir>/keys).
import { db } from "@/lib/db.server";
import { initKeyring } from "@/lib/evidence/keyring.server";
import { seedDemo } from "./seed/demo-data";

const key = initKeyring();
if (key.created) console.log(`Created the release-signing key ${key.keyId}.`);
const { created } = await seedDemo();
console.log(created ? "Demo data seeded." : "Demo data already present.");
await db.$disconnect();
