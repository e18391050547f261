import type { Tx } from "../db.server";

/** Active admins who can sign in (an invited admin without a password does not count), other than `userId`. Read inside the acting transaction, which holds the write lock, so two admins demoting each other at once cannot both pass. */
export function countOtherActiveAdmins(tx: Tx, userId: string): Promise<number> {
  return tx.user.count({ where: { role: "ADMIN", active: true, id: { not: userId }, passwordHash: { not: "" } } });
}
