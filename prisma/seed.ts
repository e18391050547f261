// `npm run db:seed` — seeds the demo data into the configured database (idempotent).
import { db } from "@/lib/db.server";
import { seedDemo } from "./seed/demo-data";

const { created } = await seedDemo();
console.log(created ? "Demo data seeded." : "Demo data already present.");
await db.$disconnect();
