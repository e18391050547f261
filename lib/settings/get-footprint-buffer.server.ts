// The footprint margin: how far beyond its site's footprint a change may reach.
import { db, type Tx } from "../db.server";
import { DEFAULT_FOOTPRINT_BUFFER_M, FOOTPRINT_BUFFER_KEY } from "./settings.schema";

/** Metres a change may reach beyond its site's footprint. */
export async function getFootprintBufferM(tx: Tx = db): Promise<number> {
  const row = await tx.appSetting.findUnique({ where: { key: FOOTPRINT_BUFFER_KEY } });
  const value = row ? Number(JSON.parse(row.value)) : NaN;
  return Number.isFinite(value) ? value : DEFAULT_FOOTPRINT_BUFFER_M;
}
