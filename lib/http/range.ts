/**
 * Parses a single-range HTTP Range header (RFC 9110 §14) against a resource of
 * `size` bytes. Returns the inclusive [start, end], null to serve the whole
 * resource (no header, or a form we choose to ignore such as several ranges),
 * or "unsatisfiable" for a 416.
 */
export function parseRange({ header, size }: { header: string | null; size: number }): [number, number] | null | "unsatisfiable" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // multi-range or other units: a server may ignore Range
  const [, a, b] = m;
  if (a === "" && b === "") return null;
  if (a === "") {
    const suffix = Number(b);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(a);
  if (b !== "" && Number(b) < start) return null; // not a valid range-spec: ignore the header (RFC 9110 §14.1.1)
  const end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size) return "unsatisfiable";
  return [start, end];
}
