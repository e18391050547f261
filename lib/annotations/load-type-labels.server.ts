// The change types' current labels (the taxonomy lives in the database).
import { db, type Tx } from "../db.server";

/** Current labels of the change types, by key. */
export async function loadTypeLabels(tx: Tx = db): Promise<Map<string, string>> {
  const types = await tx.changeTypeDef.findMany({ select: { key: true, label: true } });
  return new Map(types.map((t) => [t.key, t.label]));
}
