// The TIFF georeferencing of the grid a GCP-georeferenced image is warped onto,
// for the COG writer: the source's GeoKeys kept, its tiepoints replaced. Pure.
import { TAG, TYPE, type TiffField } from "../cog/tiff-ifd";
import type { GeoTransform } from "../geotransform";

/** The georeferencing fields of a warped grid: the source's GeoKeys, with its GCPs replaced by one tiepoint and a pixel size. */
export function gridGeoFields(fields: TiffField[], gt: GeoTransform): TiffField[] {
  const placement = new Set<number>([TAG.ModelTiepoint, TAG.ModelPixelScale, TAG.ModelTransformation]);
  return [
    ...fields.filter((f) => !placement.has(f.tag)),
    { tag: TAG.ModelPixelScale, type: TYPE.DOUBLE, values: [gt[1], -gt[5], 0] },
    { tag: TAG.ModelTiepoint, type: TYPE.DOUBLE, values: [0, 0, 0, gt[0], gt[3], 0] },
  ];
}
