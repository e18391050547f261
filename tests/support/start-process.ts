// A Sitewatch process for tests (the web server, a worker), started from the
// project root and resolved once it prints its ready line; its output is kept
// for the error message if it never gets there.
import { spawn, type ChildProcess } from "node:child_process";
import { ROOT } from "../setup/paths";

export interface StartedProcess {
  child: ChildProcess;
  pid: number;
  log: string[];
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

export async function startProcess(args: { what: string; argv: string[]; env: NodeJS.ProcessEnv; ready: string; timeoutMs?: number }): Promise<StartedProcess> {
  const { what, ready, timeoutMs = 60_000 } = args;
  const child = spawn(process.execPath, args.argv, { cwd: ROOT, env: args.env, stdio: ["ignore", "pipe", "pipe"] });
  const log: string[] = [];
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  child.stderr!.on("data", (c: Buffer) => log.push(c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${what} did not start in ${timeoutMs / 1000} s:\n${log.join("")}`)), timeoutMs);
    child.stdout!.on("data", (c: Buffer) => {
      log.push(c.toString());
      if (log.join("").includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the ${what} exited (${code}) before it was ready:\n${log.join("")}`));
    });
  });
  return { child, pid: child.pid!, log, exited };
}
