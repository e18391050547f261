// A cheap proof that a GeoTIFF's pixel data decodes, for the synchronous
// checks of an upload (the full decode happens later, in the conversion job):
// the first block, and the block with the fewest stored bytes, which is where a
// decompression bomb hides (kilobytes claiming a whole tile). Two blocks,
// whatever the file's size.
import { DecompressionBombError } from "./bounded-deflate";
import { firstImage, openTiff } from "./inspect";
import { ImageryError } from "./imagery-error";

export async function checkSampleBlocks(file: string): Promise<void> {
  const tiff = await openTiff(file);
  try {
    const image = await firstImage(tiff);
    const dir = image.fileDirectory;
    const tiled = dir.hasTag("TileOffsets");
    const counts = (await dir.loadValue(tiled ? "TileByteCounts" : "StripByteCounts")) as ArrayLike<number>;
    let smallest = 0;
    for (let i = 1; i < counts.length; i++) if (Number(counts[i]) < Number(counts[smallest])) smallest = i;
    const width = image.getWidth();
    const height = image.getHeight();
    const blockWidth = tiled ? image.getTileWidth() : width;
    const blockHeight = image.getTileHeight();
    const across = Math.ceil(width / blockWidth);
    const perPlane = across * Math.ceil(height / blockHeight);
    const planar = Number(dir.getValue("PlanarConfiguration") ?? 1) === 2;
    for (const index of new Set([0, smallest])) {
      const inPlane = index % perPlane;
      const x0 = (inPlane % across) * blockWidth;
      const y0 = Math.floor(inPlane / across) * blockHeight;
      // The block's own pixels: geotiff.js decodes exactly the blocks a window touches.
      const window = [x0, y0, Math.min(width, x0 + blockWidth), Math.min(height, y0 + blockHeight)];
      try {
        await image.readRasters({ window, samples: planar ? [Math.floor(index / perPlane)] : [0] });
      } catch (e) {
        if (e instanceof DecompressionBombError) throw new ImageryError("unreadable", e.message);
        throw new ImageryError("unreadable", `the pixel data cannot be decoded (${(e as Error).message})`);
      }
    }
  } finally {
    await tiff.close();
  }
}
