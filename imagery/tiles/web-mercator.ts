// XYZ tiles in Web Mercator (EPSG:3857), as OpenStreetMap and every web map
// number them: z/x/y with y growing southwards.
export const MERCATOR_HALF = 20037508.342789244;
export const TILE_PIXELS = 256;

/** [minX, minY, maxX, maxY] of a tile in EPSG:3857 metres. */
export function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const span = (2 * MERCATOR_HALF) / 2 ** z;
  const minX = -MERCATOR_HALF + x * span;
  const maxY = MERCATOR_HALF - y * span;
  return [minX, maxY - span, minX + span, maxY];
}

export function isValidTile(z: number, x: number, y: number): boolean {
  return Number.isInteger(z) && Number.isInteger(x) && Number.isInteger(y) && z >= 0 && z <= 24 && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z;
}

export function lonLatToMercator(lon: number, lat: number): [number, number] {
  const clamped = Math.max(-85.05112878, Math.min(85.05112878, lat));
  return [(lon * MERCATOR_HALF) / 180, Math.log(Math.tan(((90 + clamped) * Math.PI) / 360)) * (MERCATOR_HALF / Math.PI)];
}

/** The tiles of zoom z covering a lon/lat box (west may exceed east across the antimeridian). */
export function tilesCovering(bbox: [number, number, number, number], z: number): Array<[number, number]> {
  const [west, south, east, north] = bbox;
  const n = 2 ** z;
  const col = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const row = (lat: number) => {
    const [, my] = lonLatToMercator(0, lat);
    return Math.min(n - 1, Math.max(0, Math.floor(((MERCATOR_HALF - my) / (2 * MERCATOR_HALF)) * n)));
  };
  const cols: number[] = [];
  if (west <= east) for (let c = col(west); c <= col(east); c++) cols.push(c);
  else {
    for (let c = col(west); c < n; c++) cols.push(c);
    for (let c = 0; c <= col(east); c++) cols.push(c);
  }
  const tiles: Array<[number, number]> = [];
  for (let r = row(north); r <= row(south); r++) for (const c of cols) tiles.push([c, r]);
  return tiles;
}
