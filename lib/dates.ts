// One strict reader for every date that comes in (scene metadata, the CLI's
// --acquired, OGC `datetime`, the timeline's ?date=). JavaScript's Date rolls
// an impossible date over (2024-02-30 becomes 2024-03-01) and Date.parse
// accepts many shapes; here a date must exist as written, or it is refused
// with a sentence saying why. Pure: the browser may use it too.
import { z } from "zod";

/** A calendar date, as written: `YYYY-MM-DD`. */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An ISO 8601 / RFC 3339 date-time: `YYYY-MM-DDTHH:MM[:SS[.fff…]][Z|±HH:MM|±HHMM]` (`t`, `z` accepted). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export type DateResult = { ok: true; date: Date } | { ok: false; problem: string };

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why a year-month-day does not exist, or null when it does. */
function dayProblem(year: number, month: number, day: number, written: string): string | null {
  if (year < 1) return `${written} is not a real date (years start at 0001)`;
  if (month < 1 || month > 12) return `${written} is not a real date (there is no month ${month})`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `${written} is not a real date (${MONTHS[month - 1]} ${year} has ${days} days)`;
  return null;
}

function utc(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): Date {
  const d = new Date(Date.UTC(2000, month - 1, day, h, m, s, ms));
  d.setUTCFullYear(year); // Date.UTC reads years 0–99 as 1900–1999
  return d;
}

/**
 * A calendar date `YYYY-MM-DD` that exists, as midnight UTC (or the last
 * millisecond of that day with `bound: "end"`).
 */
export function parseIsoDate(text: string, { bound = "start" }: { bound?: "start" | "end" } = {}): DateResult {
  const m = DATE.exec(text);
  if (!m) return { ok: false, problem: `"${shorten(text)}" is not a date written YYYY-MM-DD (e.g. 2024-05-31)` };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const problem = dayProblem(year, month, day, text);
  if (problem) return { ok: false, problem };
  return { ok: true, date: bound === "end" ? utc(year, month, day, 23, 59, 59, 999) : utc(year, month, day) };
}

/**
 * An ISO 8601 date or date-time that exists. A bare date is midnight UTC (or
 * the day's last millisecond with `bound: "end"`); a date-time without an
 * offset is UTC. Hours 00–23, minutes and seconds 00–59, offsets up to ±23:59.
 */
export function parseIsoDateTime(text: string, options: { bound?: "start" | "end" } = {}): DateResult {
  if (DATE.test(text)) return parseIsoDate(text, options);
  const m = DATE_TIME.exec(text);
  if (!m) return { ok: false, problem: `"${shorten(text)}" is not an ISO 8601 date or date-time (e.g. 2024-05-31 or 2024-05-31T10:42:00Z)` };
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  const problem = dayProblem(year!, month!, day!, text.slice(0, 10));
  if (problem) return { ok: false, problem };
  if (hour! > 23 || minute! > 59 || second > 59) return { ok: false, problem: `${text} is not a real time of day (hours 00–23, minutes and seconds 00–59)` };
  let offsetMin = 0;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== "Z") {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const [oh, om] = [Number(z[2]), Number(z[3])];
    if (oh > 23 || om > 59) return { ok: false, problem: `${text} has an offset that does not exist (${zone})` };
    offsetMin = (z[1] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(utc(year!, month!, day!, hour!, minute!, second, ms).getTime() - offsetMin * 60_000);
  return { ok: true, date };
}

/** A long unreadable input is not echoed whole in the message. */
function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** A calendar date `YYYY-MM-DD` that exists, kept as the string (for URL filters compared as text). */
export const IsoDay = z
  .string()
  .refine((s) => parseIsoDate(s).ok, { error: (issue) => (typeof issue.input === "string" ? dayMessage(issue.input) : "use a date written YYYY-MM-DD") });

function dayMessage(text: string): string {
  const parsed = parseIsoDate(text);
  return parsed.ok ? "" : parsed.problem;
}
