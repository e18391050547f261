import { DomainError } from "../errors";
import { validateAreaGeometry, type AreaGeometry, type Bbox } from "./area-geometry";

/** Validates a geometry for storage; throws 422 with the reason otherwise, prefixed by `what` (which geometry, e.g. "site footprint"). */
export function parseAreaGeometryOrThrow({ input, what }: { input: unknown; what: string }): { geometry: AreaGeometry; bbox: Bbox; areaM2: number } {
  const result = validateAreaGeometry(input);
  if (!result.ok) {
    throw new DomainError("unprocessable", `${what}: ${result.message}`, { details: { problem: result.problem } });
  }
  return result;
}

export function bboxColumns(bbox: Bbox) {
  return { bboxMinLon: bbox[0], bboxMinLat: bbox[1], bboxMaxLon: bbox[2], bboxMaxLat: bbox[3] };
}
