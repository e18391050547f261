// Runs once when a Sitewatch web server starts: removes what a process that
// died left in the store (an upload cut off by a killed server, a COG
// half-written by a killed worker), never a live process's files.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { sweepStore } = await import("./lib/storage/sweep-store.server");
  try {
    const swept = await sweepStore();
    if (swept.tempFiles || swept.stagedFiles) console.log(`sitewatch: removed ${swept.tempFiles} temp and ${swept.stagedFiles} staged file(s) left by stopped processes`);
  } catch (e) {
    console.error("sitewatch: sweeping the store at start failed", e);
  }
}
