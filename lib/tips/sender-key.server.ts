// The key a tip's sender is counted under: a salted hash of the address, so
// the address itself is never kept.
import { createHash, randomBytes } from "node:crypto";
import { db } from "../db.server";

async function salt(): Promise<string> {
  const row = await db.appSetting.findUnique({ where: { key: "tipSalt" } });
  if (row) return JSON.parse(row.value) as string;
  const value = randomBytes(32).toString("hex");
  await db.appSetting.upsert({ where: { key: "tipSalt" }, create: { key: "tipSalt", value: JSON.stringify(value) }, update: {} });
  return JSON.parse((await db.appSetting.findUniqueOrThrow({ where: { key: "tipSalt" } })).value) as string;
}

export async function senderKeyOf(address: string): Promise<string> {
  return createHash("sha256")
    .update(`${await salt()}:${address}`)
    .digest("hex");
}
