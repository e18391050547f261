// Which process owns a temp file. A temp file's name starts with its writer's
// host, pid and process start time ("host.pid.start"): after a crash the sweep
// removes the files of processes that are gone, and never a live upload's.
// The start time tells a reused pid (a restarted container is pid 1 again)
// from the process that wrote the file.
import fs from "node:fs";
import os from "node:os";

/** The process's start, in clock ticks since boot (Linux /proc), or this process's start in ms elsewhere. */
function startOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (starttime), counted after the ")" that ends the command name.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

const host =
  os
    .hostname()
    .replace(/[^A-Za-z0-9-]/g, "-")
    .slice(0, 60) || "host";
let own: string | null = null;

export function tempFileOwnerTag(): string {
  own ??= `${host}.${process.pid}.${startOf(process.pid) ?? Math.round(performance.timeOrigin)}`;
  return own;
}

export type TempOwner = "alive" | "gone" | "unknown";

/** Whether the process named at the start of a temp file's name still runs (unknown: another host, or a name without an owner). */
export function tempFileOwner(fileName: string): TempOwner {
  const m = /^([A-Za-z0-9-]+)\.(\d+)\.(\d+)\./.exec(fileName);
  if (!m || m[1] !== host) return "unknown";
  const pid = Number(m[2]);
  if (pid === process.pid) return m[3] === tempFileOwnerTag().split(".")[2] ? "alive" : "gone";
  if (fs.existsSync("/proc/self/stat")) return startOf(pid) === m[3] ? "alive" : "gone";
  try {
    process.kill(pid, 0);
    return "alive";
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM" ? "alive" : "gone";
  }
}
