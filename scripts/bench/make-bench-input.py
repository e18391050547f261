#!/usr/bin/env python3
"""Benchmark input for bench:ingest / bench:tiles (not committed: ~150 MB).

An 8192x8192 three-band uint8 deflate GeoTIFF (striped, as GDAL writes by
default) made from Landsat 7 bands 3, 2, 1 of the Olinda test scene, upsampled
bilinearly with Gaussian noise (sigma 6) so it compresses like real imagery.
Usage: make-bench-input.py SRC.tif OUT.tif [SIZE]
Needs GDAL's Python bindings (apt: python3-gdal); a test/benchmark tool only.
"""
import sys
import numpy as np
from osgeo import gdal

gdal.UseExceptions()
src_path, out_path = sys.argv[1], sys.argv[2]
size = int(sys.argv[3]) if len(sys.argv) > 3 else 8192

src = gdal.Open(src_path)
gt = src.GetGeoTransform()
scale_x = src.RasterXSize / size
scale_y = src.RasterYSize / size
up = gdal.Translate("/vsimem/up.tif", src, bandList=[3, 2, 1], width=size, height=size, resampleAlg="bilinear")
drv = gdal.GetDriverByName("GTiff")
out = drv.Create(out_path, size, size, 3, gdal.GDT_Byte, options=["COMPRESS=DEFLATE", "PHOTOMETRIC=RGB"])
out.SetGeoTransform((gt[0], gt[1] * scale_x, 0, gt[3], 0, gt[5] * scale_y))
out.SetProjection(src.GetProjection())
rng = np.random.default_rng(42)
step = 1024
for b in range(1, 4):
    band_in = up.GetRasterBand(b)
    band_out = out.GetRasterBand(b)
    for y in range(0, size, step):
        rows = min(step, size - y)
        a = band_in.ReadAsArray(0, y, size, rows).astype(np.float32)
        a += rng.normal(0, 6, a.shape).astype(np.float32)
        band_out.WriteArray(np.clip(a, 0, 255).astype(np.uint8), 0, y)
out.FlushCache()
out = None
gdal.Unlink("/vsimem/up.tif")
