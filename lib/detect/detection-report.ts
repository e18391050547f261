// How a detection run read the pair, for the analyst: the shift found between
// the scenes (and whether it was corrected), the areas set apart as clouds or
// shadows, and which bands stand for near infrared and red. Pure: the job, the
// Find changes panel and the CLI say it the same way.
import { formatArea } from "../format";

export interface RegistrationReport {
  /** The after scene's content sat this far from the before scene's, in before pixels (+x right, +y down). */
  dx: number;
  dy: number;
  eastM: number | null;
  northM: number | null;
  confidence: number;
  applied: boolean;
  reason: string | null;
}

export interface ObscuredArea {
  kind: "cloud" | "shadow";
  areaM2: number;
}

/** One clause: "the after scene was 1.4, -0.7 pixels off (40 m east, 20 m north), corrected (confidence 19.7)". */
export function describeRegistration(r: RegistrationReport): string {
  const metres = r.eastM !== null && r.northM !== null ? ` (${r.eastM} m east, ${r.northM} m north)` : "";
  if (r.applied) return `the after scene was ${r.dx}, ${r.dy} pixels off${metres}, corrected before comparing (confidence ${r.confidence})`;
  return `not re-registered: ${r.reason ?? "no shift found"}`;
}

/** "2 clouds and 1 shadow (3.4 ha) were not compared", or null when there were none. */
export function describeObscured(areas: ObscuredArea[]): string | null {
  if (areas.length === 0) return null;
  const clouds = areas.filter((a) => a.kind === "cloud").length;
  const shadows = areas.length - clouds;
  const parts = [clouds ? `${clouds} cloud${clouds === 1 ? "" : "s"}` : null, shadows ? `${shadows} shadow${shadows === 1 ? "" : "s"}` : null].filter(Boolean);
  const total = areas.reduce((s, a) => s + a.areaM2, 0);
  return `${parts.join(" and ")} (${formatArea(total)}) ${areas.length === 1 ? "was" : "were"} not compared: the ground under ${areas.length === 1 ? "it" : "them"} was not seen on one date`;
}

/**
 * The near-infrared and red bands (1-based) of sensors whose band order is
 * known, for the season rule; null when the sensor is not one of them or the
 * two scenes differ. Landsat 4–7 TM/ETM+: bands 3 (red) and 4 (NIR), as in the
 * usual 6- or 7-band stacks; Landsat 8–9 OLI: 4 and 5.
 */
export function knownNirRed(sensors: { sensor: string; bands: number }[]): { nir: number; red: number } | null {
  const of = ({ sensor, bands }: { sensor: string; bands: number }) => {
    const s = sensor.toLowerCase();
    if (/landsat[\s-]*(8|9)|\boli\b/.test(s) && bands >= 5) return { nir: 5, red: 4 };
    if (/landsat[\s-]*(4|5|7)|\betm\+?|\btm\b/.test(s) && bands >= 4) return { nir: 4, red: 3 };
    return null;
  };
  const found = sensors.map(of);
  if (found.some((f) => f === null)) return null;
  const [first] = found;
  return found.every((f) => f!.nir === first!.nir && f!.red === first!.red) ? first! : null;
}
