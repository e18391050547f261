// The change-type taxonomy.
import { db } from "../db.server";
import { toChangeTypeView, type ChangeTypeView } from "./settings.schema";

/** Every change type, retired ones included (old changes still need their labels), in display order. */
export async function listChangeTypes(): Promise<ChangeTypeView[]> {
  const rows = await db.changeTypeDef.findMany({ orderBy: [{ sortOrder: "asc" }, { label: "asc" }] });
  return rows.map(toChangeTypeView);
}
