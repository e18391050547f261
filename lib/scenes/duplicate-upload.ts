// A file uploaded again (the same sha256 as a stored scene). The same bytes are
// one observation, taken at one moment by one sensor under one licence: they
// cannot become a second scene with another date. So the upload is linked to the
// existing scene only when what was typed agrees with it, and refused (409,
// naming that scene) otherwise. Pure: the server decides, the upload form words
// its answer with the same description.

/** What an upload's metadata says of the scene (after SceneMetadataInput parsed it). */
export interface TypedSceneFacts {
  acquiredAt: Date;
  /** "" when not given: then it does not disagree with anything. */
  sensor: string;
  license: string;
}

/** The stored scene the bytes already are. */
export interface StoredSceneFacts {
  acquiredAt: Date | string;
  sensor: string;
  license: string;
}

export type DuplicateField = "acquiredAt" | "sensor" | "license";

const FIELD_NAMES: Record<DuplicateField, string> = { acquiredAt: "acquisition date", sensor: "sensor", license: "licence" };

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The typed fields that disagree with the stored scene; empty when the upload may be linked to it. SPDX ids and sensor names compare without case. */
export function duplicateMismatches(args: { stored: StoredSceneFacts; typed: TypedSceneFacts }): DuplicateField[] {
  const { stored, typed } = args;
  return [
    ...(new Date(stored.acquiredAt).getTime() !== typed.acquiredAt.getTime() ? ["acquiredAt" as const] : []),
    ...(typed.sensor.trim() !== "" && !same(typed.sensor, stored.sensor) ? ["sensor" as const] : []),
    ...(!same(typed.license, stored.license) ? ["license" as const] : []),
  ];
}

/** "2001-07-15" at midnight UTC, "2001-07-15 12:30 UTC" otherwise (seconds when there are any). */
export function formatAcquired(at: Date | string): string {
  const iso = new Date(at).toISOString();
  if (iso.endsWith("T00:00:00.000Z")) return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${iso.slice(11, iso.slice(17, 19) === "00" ? 16 : 19)} UTC`;
}

/** "the scene of 2001-07-15 12:30 UTC (Landsat 7 ETM+, licence Apache-2.0)": how people recognise a scene. */
export function describeStoredScene(s: StoredSceneFacts): string {
  return `the scene of ${formatAcquired(s.acquiredAt)} (${s.sensor || "sensor not given"}, licence ${s.license})`;
}

/** The refusal of a duplicate whose metadata disagrees: which scene the file already is, where, and what to do. */
export function duplicateRefusalMessage(args: { filename: string; stored: StoredSceneFacts; siteNames: string[]; typed: TypedSceneFacts; mismatches: DuplicateField[] }): string {
  const { stored, typed, mismatches } = args;
  const where = args.siteNames.length ? ` at ${args.siteNames.join(", ")}` : "";
  const typedText = mismatches
    .map((f) => `${FIELD_NAMES[f]} ${f === "acquiredAt" ? formatAcquired(typed.acquiredAt) : f === "sensor" ? `"${typed.sensor}"` : typed.license}`)
    .join(", ");
  return (
    `${args.filename}: this file is already ${describeStoredScene(stored)}${where}, but you gave ${typedText}. ` +
    "The same file cannot be two observations: to use that scene here, upload it with its date, sensor and licence; for another date, choose the file of that date"
  );
}
