import { DomainError } from "../errors";
import { validateAreaGeometry, type AreaGeometry, type AreaGeometryResult, type Bbox } from "./area-geometry";
import { checkFootprint } from "./footprint-rules";

function okOrThrow(result: AreaGeometryResult, what: string): { geometry: AreaGeometry; bbox: Bbox; areaM2: number } {
  if (!result.ok) {
    throw new DomainError("unprocessable", `${what}: ${result.message}`, { details: { problem: result.problem, ...(result.at ? { at: result.at } : {}) } });
  }
  return result;
}

/** Validates a geometry for storage; throws 422 with the reason otherwise, prefixed by `what` (which geometry, e.g. "scene footprint"). */
export function parseAreaGeometryOrThrow({ input, what }: { input: unknown; what: string }): { geometry: AreaGeometry; bbox: Bbox; areaM2: number } {
  return okOrThrow(validateAreaGeometry(input), what);
}

/** Validates a site footprint with the footprint rules (lib/geo/footprint-rules.ts, as the new-site form does live); throws 422 with the reason otherwise. */
export function parseFootprintOrThrow(input: unknown): { geometry: AreaGeometry; bbox: Bbox; areaM2: number } {
  return okOrThrow(checkFootprint(input), "site footprint");
}

export function bboxColumns(bbox: Bbox) {
  return { bboxMinLon: bbox[0], bboxMinLat: bbox[1], bboxMaxLon: bbox[2], bboxMaxLat: bbox[3] };
}
