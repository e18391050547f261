// Text that cannot be stored: a lone UTF-16 surrogate (half of a pair, e.g.
// the JSON escape "\ud800" on its own) has no UTF-8 form, and the database
// driver cannot write it. Refused at the boundary, naming the field, so the
// answer is a 400 a person can act on instead of a 500 from deep inside.
import { DomainError } from "../errors";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` has a lone UTF-16 surrogate. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/**
 * The path (zod style, `sources.0.title`) of the first string or object key in
 * a parsed JSON value holding a lone surrogate, `""` for the value itself, or
 * null when all text is well formed. Iterative: a deeply nested body cannot
 * exhaust the stack.
 */
export function findLoneSurrogate(value: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: "" }];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === "string") {
      if (hasLoneSurrogate(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: join(path, String(i)) });
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        if (hasLoneSurrogate(key)) return join(path, key.replace(LONE_SURROGATE, "\uFFFD"));
        stack.push({ value: child, path: join(path, key) });
      }
    }
  }
  return null;
}

/** The 400 for text with a lone surrogate in `field` (a zod-style path, or a description such as "the request body" with `path` []). */
export function brokenTextError(field: string, path: string[] = field.split(".")): DomainError {
  return new DomainError("bad_input", `${field}: the text holds a broken character (half of a UTF-16 surrogate pair); retype or paste it again`, {
    details: [{ path, message: "lone UTF-16 surrogate" }],
  });
}

/** Throws the 400 when any text in `value` has a lone surrogate. `where` names a value that is itself a string. */
export function assertWellFormedText(value: unknown, where = "the request body"): void {
  const path = findLoneSurrogate(value);
  if (path !== null) throw path ? brokenTextError(path) : brokenTextError(where, []);
}
