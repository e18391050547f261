// A progress bar on stderr for people at a terminal; scripts (stderr not a
// TTY) see nothing, so their stderr stays exactly one line on failure.
export interface ProgressBar {
  update(fraction: number, message: string): void;
  done(): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  if (!stream.isTTY) return { update() {}, done() {} };
  let lastDrawn = -1;
  const width = 28;
  return {
    update(fraction, message) {
      const pct = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
      if (pct === lastDrawn) return;
      lastDrawn = pct;
      const filled = Math.round((pct / 100) * width);
      const columns = stream.columns || 100;
      const line = `${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${String(pct).padStart(3)}% ${message}`;
      stream.write(`\r${line.slice(0, columns - 1).padEnd(Math.min(columns - 1, line.length + 10))}`);
    },
    done() {
      if (lastDrawn >= 0) stream.write("\n");
    },
  };
}
