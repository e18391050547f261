// Which workers holding a lease are known to be dead: a process of this host
// (lease owner "host:pid") that no longer exists. Their jobs need not wait for
// the lease to end (30 s by default) after a crash and restart. A reused pid
// looks alive, so such a job simply waits for its lease; a worker on another
// host is never judged from here.
import os from "node:os";
import { db } from "../db.server";

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function goneLeaseOwners(): Promise<string[]> {
  const rows = await db.job.findMany({ where: { status: "RUNNING", leaseOwner: { not: null } }, select: { leaseOwner: true }, distinct: ["leaseOwner"] });
  const host = os.hostname();
  return rows
    .map((r) => r.leaseOwner!)
    .filter((owner) => {
      const at = owner.lastIndexOf(":");
      const pid = Number(owner.slice(at + 1));
      return owner.slice(0, at) === host && Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processExists(pid);
    });
}
