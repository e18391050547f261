// Jobs running in this server process, so they can be cancelled and waited for.
// A job row left RUNNING by a process that is gone is not in here.

const running = new Map<string, AbortController>();

/** Registers a job as running here; its signal aborts when someone cancels it. */
export function registerRunningJob(jobId: string): AbortController {
  const controller = new AbortController();
  running.set(jobId, controller);
  return controller;
}

export function unregisterRunningJob(jobId: string): void {
  running.delete(jobId);
}

export function isRunningHere(jobId: string): boolean {
  return running.has(jobId);
}

/** Asks a job running here to stop; false when it is not running in this process. */
export function abortRunningJob(jobId: string): boolean {
  const controller = running.get(jobId);
  controller?.abort();
  return controller !== undefined;
}
