// An image chip of one claim: the scene's pixels around a change, its outline
// drawn over them, a scale bar, a north arrow and a caption band (date, sensor,
// attribution, licence) — a picture that can stand alone in a report or a court
// file. Web Mercator at the zoom where the change and its surroundings fill the
// chip, read through the tile renderer (the same pixels the public tiles show).
// Staged as small steps: window → tiles → mosaic → overlay → PNG.
import sharp, { type OverlayOptions } from "sharp";
import type { MultiPolygon, Polygon, Position } from "geojson";
import type { SourceInput } from "../source/byte-source";
import { renderTile, type Stretch } from "../tiles/render-tile";
import { lonLatToMercator, MERCATOR_HALF, TILE_PIXELS } from "../tiles/web-mercator";

export interface ChipInput {
  scene: { file: SourceInput };
  bands: number[];
  stretch: Stretch[];
  /** The change's outline, EPSG:4326. */
  outline: Polygon | MultiPolygon;
  /** Caption lines under the image (first in bold). */
  caption: string[];
  /** Side of the image part, pixels (default 512). */
  size?: number;
}

export interface Chip {
  png: Buffer;
  width: number;
  height: number;
  zoom: number;
}

const CAPTION_LINE_PX = 18;
/** Characters of 13-pixel DejaVu Sans that fit across a 512-pixel chip with its margins. */
const CAPTION_CHARS_PER_512 = 66;

/** Caption lines wrapped at spaces to the chip's width (the first line's words stay bold on each of its pieces). */
export function wrapCaption(lines: string[], size: number): { text: string; bold: boolean }[] {
  const width = Math.floor((CAPTION_CHARS_PER_512 * size) / 512);
  return lines.flatMap((line, i) => {
    const out: string[] = [];
    let current = "";
    for (const word of line.split(" ")) {
      if (current && current.length + 1 + word.length > width) {
        out.push(current);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    out.push(current);
    return out.map((text) => ({ text, bold: i === 0 }));
  });
}

/** The window: the Web Mercator zoom at which the change, padded to three times its extent (at least ~250 m), fills `size` pixels, and its pixel origin. */
export function chipWindow(outline: Polygon | MultiPolygon, size: number): { zoom: number; left: number; top: number; metresPerPixel: number } {
  const rings = outline.type === "Polygon" ? [outline.coordinates[0]!] : outline.coordinates.map((p) => p[0]!);
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of rings.flat() as Position[]) {
    const [x, y] = lonLatToMercator(lon!, lat!);
    [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
  }
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const latScale = 1 / Math.cos(2 * Math.atan(Math.exp(cy / 6378137)) - Math.PI / 2 || 0);
  const extent = Math.max(3 * Math.max(maxX - minX, maxY - minY), 250 * latScale);
  const world = 2 * MERCATOR_HALF;
  const zoom = Math.max(0, Math.min(22, Math.floor(Math.log2((world * size) / (TILE_PIXELS * extent)))));
  const res = world / (TILE_PIXELS * 2 ** zoom);
  // Global pixel coordinates of the window's top-left corner.
  const left = Math.round((cx + MERCATOR_HALF) / res - size / 2);
  const top = Math.round((MERCATOR_HALF - cy) / res - size / 2);
  return { zoom, left, top, metresPerPixel: res / latScale };
}

/** The scene's pixels in the window, as one RGB image (dark grey where the scene has none). */
async function mosaic(input: ChipInput, w: ReturnType<typeof chipWindow>, size: number): Promise<Buffer> {
  const t0x = Math.floor(w.left / TILE_PIXELS);
  const t0y = Math.floor(w.top / TILE_PIXELS);
  const t1x = Math.floor((w.left + size - 1) / TILE_PIXELS);
  const t1y = Math.floor((w.top + size - 1) / TILE_PIXELS);
  const n = 2 ** w.zoom;
  const layers: OverlayOptions[] = [];
  for (let ty = t0y; ty <= t1y; ty++) {
    for (let tx = t0x; tx <= t1x; tx++) {
      if (ty < 0 || ty >= n) continue;
      const tile = await renderTile({ scene: input.scene, z: w.zoom, x: ((tx % n) + n) % n, y: ty, bands: input.bands, stretch: input.stretch, lossless: true });
      if (tile) layers.push({ input: tile.webp, left: (tx - t0x) * TILE_PIXELS, top: (ty - t0y) * TILE_PIXELS });
    }
  }
  const width = (t1x - t0x + 1) * TILE_PIXELS;
  const height = (t1y - t0y + 1) * TILE_PIXELS;
  const canvas = sharp({ create: { width, height, channels: 3, background: { r: 40, g: 40, b: 40 } } }).composite(layers);
  const whole = await canvas.png().toBuffer();
  return sharp(whole)
    .extract({ left: w.left - t0x * TILE_PIXELS, top: w.top - t0y * TILE_PIXELS, width: size, height: size })
    .flatten({ background: { r: 40, g: 40, b: 40 } })
    .png()
    .toBuffer();
}

/** A round ground distance for a scale bar about a quarter of the chip wide. */
function scaleBar(metresPerPixel: number, size: number): { metres: number; px: number; label: string } {
  const target = (size / 4) * metresPerPixel;
  const pow = 10 ** Math.floor(Math.log10(target));
  const metres =
    [1, 2, 5, 10]
      .map((k) => k * pow)
      .filter((m) => m <= target)
      .at(-1) ?? pow;
  return { metres, px: metres / metresPerPixel, label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m` };
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);

/** The outline, scale bar, north arrow and caption, as SVG over the image. */
function overlay(input: ChipInput, w: ReturnType<typeof chipWindow>, size: number, height: number, lines: { text: string; bold: boolean }[]): string {
  const res = (2 * MERCATOR_HALF) / (TILE_PIXELS * 2 ** w.zoom);
  const toPx = ([lon, lat]: Position) => {
    const [x, y] = lonLatToMercator(lon!, lat!);
    return `${((x + MERCATOR_HALF) / res - w.left).toFixed(1)},${((MERCATOR_HALF - y) / res - w.top).toFixed(1)}`;
  };
  const polygons = input.outline.type === "Polygon" ? [input.outline.coordinates] : input.outline.coordinates;
  const path = polygons.map((rings) => rings.map((ring) => `M${ring.map(toPx).join("L")}Z`).join("")).join("");
  const bar = scaleBar(w.metresPerPixel, size);
  const caption = lines
    .map((line, i) => `<text x="10" y="${size + 20 + i * CAPTION_LINE_PX}" font-weight="${line.bold ? "bold" : "normal"}">${escapeXml(line.text)}</text>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${height}" font-family="DejaVu Sans, sans-serif" font-size="13">
<path d="${path}" fill="none" stroke="#000" stroke-width="4" stroke-linejoin="round" fill-rule="evenodd"/>
<path d="${path}" fill="none" stroke="#ffd400" stroke-width="2" stroke-linejoin="round" fill-rule="evenodd"/>
<g transform="translate(${size - 34},12)"><path d="M12 0 L22 26 L12 20 L2 26 Z" fill="#fff" stroke="#000" stroke-width="1.5"/><text x="12" y="40" text-anchor="middle" fill="#fff" stroke="#000" stroke-width="3" paint-order="stroke" font-weight="bold">N</text></g>
<g transform="translate(12,${size - 22})"><rect x="-4" y="-16" width="${(bar.px + 8).toFixed(1)}" height="28" fill="#000" fill-opacity="0.55"/><rect x="0" y="2" width="${bar.px.toFixed(1)}" height="5" fill="#fff"/><text x="0" y="-3" fill="#fff">${bar.label}</text></g>
<rect x="0" y="${size}" width="${size}" height="${height - size}" fill="#fff"/><g fill="#111">${caption}</g>
</svg>`;
}

export async function renderChip(input: ChipInput): Promise<Chip> {
  const size = input.size ?? 512;
  const w = chipWindow(input.outline, size);
  const image = await mosaic(input, w, size);
  const lines = wrapCaption(input.caption, size);
  const height = size + 10 + lines.length * CAPTION_LINE_PX;
  const png = await sharp({ create: { width: size, height, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([
      { input: image, left: 0, top: 0 },
      { input: Buffer.from(overlay(input, w, size, height, lines)), left: 0, top: 0 },
    ])
    .png({ compressionLevel: 9 })
    .toBuffer();
  return { png, width: size, height, zoom: w.zoom };
}
