import { parseArgs, type ParseArgsConfig } from "node:util";

/** Wrong words on the command line: exit 2 with the usage. */
export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Progress for people at a terminal only; scripts get exactly one line on failure. */
export function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`${message}\n`);
}
