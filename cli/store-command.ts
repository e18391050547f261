// `sitewatch store sweep`: removes what processes that died left in the store
// (an upload cut off by a killed web server, a COG half-written by a killed
// worker) and staged uploads no scene waits for; never a live process's
// files. The web server runs it before it listens; workers run it as they start.
import { sweepStore } from "@/lib/storage/sweep-store.server";
import { UsageError } from "./args";

export async function runStore(args: string[]): Promise<void> {
  if (args[0] !== "sweep" || args.length > 1) throw new UsageError(`unknown store command "${args.join(" ")}"`);
  const swept = await sweepStore();
  console.log(`removed ${swept.tempFiles} temp file(s) and ${swept.stagedFiles} staged upload(s) left by stopped processes`);
}
