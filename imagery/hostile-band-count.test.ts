// A TIFF header may claim any number of bands (SamplesPerPixel up to 65,535).
// The error says the count, never one entry per band: a listing made a
// 131,130-character message. Files made here, byte by byte.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeCog } from "./cog/write-cog";
import { ImageryError } from "./imagery-error";
import { inspectGeoTiff } from "./inspect";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-bands-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A 1×1 little-endian GeoTIFF (EPSG:4326, one strip) whose header claims `bits.length` bands of the given bit depths. */
function tiffClaimingBands(name: string, bits: number[]): string {
  type Entry = { tag: number; type: 3 | 4 | 12; values: number[] };
  const n = bits.length;
  const pixelBytes = Math.ceil(bits.reduce((a, b) => a + b / 8, 0));
  const entries: Entry[] = [
    { tag: 256, type: 3, values: [1] },
    { tag: 257, type: 3, values: [1] },
    { tag: 258, type: 3, values: bits },
    { tag: 259, type: 3, values: [1] },
    { tag: 262, type: 3, values: [1] },
    { tag: 273, type: 4, values: [0] },
    { tag: 277, type: 3, values: [n] },
    { tag: 278, type: 3, values: [1] },
    { tag: 279, type: 4, values: [pixelBytes] },
    { tag: 284, type: 3, values: [1] },
    { tag: 339, type: 3, values: Array<number>(n).fill(1) },
    { tag: 33550, type: 12, values: [1, 1, 0] },
    { tag: 33922, type: 12, values: [0, 0, 0, 10, 50, 0] },
    { tag: 34735, type: 3, values: [1, 1, 0, 1, 2048, 0, 1, 4326] },
  ];
  const width = { 3: 2, 4: 4, 12: 8 } as const;
  const ifd = Buffer.alloc(2 + entries.length * 12 + 4);
  ifd.writeUInt16LE(entries.length, 0);
  const outside: Buffer[] = [];
  let offset = 8 + ifd.length;
  let stripEntry = 0;
  entries.forEach((e, i) => {
    const at = 2 + i * 12;
    ifd.writeUInt16LE(e.tag, at);
    ifd.writeUInt16LE(e.type, at + 2);
    ifd.writeUInt32LE(e.values.length, at + 4);
    const data = Buffer.alloc(width[e.type] * e.values.length);
    e.values.forEach((v, j) => (e.type === 3 ? data.writeUInt16LE(v, j * 2) : e.type === 4 ? data.writeUInt32LE(v, j * 4) : data.writeDoubleLE(v, j * 8)));
    if (e.tag === 273) stripEntry = at;
    if (data.length <= 4) data.copy(ifd, at + 8);
    else {
      ifd.writeUInt32LE(offset, at + 8);
      outside.push(data);
      offset += data.length;
    }
  });
  ifd.writeUInt32LE(offset, stripEntry + 8);
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.concat([Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0]), ifd, ...outside, Buffer.alloc(pixelBytes)]));
  return file;
}

async function refusal(p: Promise<unknown>): Promise<ImageryError> {
  const e = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(ImageryError);
  return e as ImageryError;
}

describe("a header claiming many bands", () => {
  it("65,535 bands: refused by inspect and by the COG writer, saying the count in a short message", async () => {
    const file = tiffClaimingBands("bands-65535.tif", Array<number>(65_535).fill(8));
    for (const e of [await refusal(inspectGeoTiff(file)), await refusal(writeCog(file, path.join(dir, "out.tif")))]) {
      expect(e.message).toContain("the file claims 65,535 bands");
      expect(e.message.length).toBeLessThan(200);
    }
  });

  it("65,535 bands of mixed depths: the same short refusal", async () => {
    const file = tiffClaimingBands(
      "bands-65535-mixed.tif",
      Array.from({ length: 65_535 }, (_, i) => (i % 2 ? 16 : 8)),
    );
    const e = await refusal(writeCog(file, path.join(dir, "out.tif")));
    expect(e.message).toContain("65,535 bands");
    expect(e.message.length).toBeLessThan(200);
  });

  it("bands of different bit depths under the limit: the distinct depths, not one per band", async () => {
    const file = tiffClaimingBands(
      "bands-900-mixed.tif",
      Array.from({ length: 900 }, (_, i) => (i % 2 ? 16 : 8)),
    );
    const e = await refusal(writeCog(file, path.join(dir, "out.tif")));
    expect(e.message).toContain("the file claims 900 bands of different bit depths (8, 16 bits)");
    expect(e.message.length).toBeLessThan(200);
  });
});
