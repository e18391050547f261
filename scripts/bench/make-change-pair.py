#!/usr/bin/env python3
"""The "after" scene of bench:change (not committed: ~150 MB).

BEFORE is the 8192x8192 three-band uint8 benchmark input (make-bench-input.py).
AFTER = BEFORE with synthetic changes of known shape painted in (rectangles,
L-shapes, square rings, small blobs; bright "roofs" with slight texture and
dark "burn scars"), at seeded random, non-overlapping positions at least 3 px
apart, kept only where the paint differs clearly from the before pixels (mean
over the object of the largest band |difference| >= 30 grey levels); then a
brightness shift over the whole scene, after = 1.12 * x + 10, and Gaussian
noise (sigma 2.5), rounded and clipped to 0..255. Written deflate-compressed
and striped with PHOTOMETRIC=RGB, as the input is, on the input's grid.
A JSON sidecar (OUT.json) records the objects painted and the clipping.

Usage: make-change-pair.py BEFORE.tif AFTER.tif [SEED]
Needs GDAL's Python bindings (apt: python3-gdal) and numpy; a benchmark tool only.
"""
import json
import os
import sys
import numpy as np
from osgeo import gdal

gdal.UseExceptions()
before_path, after_path = sys.argv[1], sys.argv[2]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 7

GAIN, OFFSET, NOISE = 1.12, 10.0, 2.5
GAP, MARGIN, MIN_CONTRAST = 3, 3, 30
COUNTS = {"rect": 800, "L": 500, "ring": 400, "blob": 2300}
ROOF = np.array([180.0, 172.0, 165.0])  # bands as in the input: Landsat 3, 2, 1
BURN = np.array([38.0, 32.0, 40.0])

src = gdal.Open(before_path)
W, H, nb = src.RasterXSize, src.RasterYSize, src.RasterCount
data = np.stack([src.GetRasterBand(b + 1).ReadAsArray() for b in range(nb)])  # (nb, H, W) uint8
rng = np.random.default_rng(seed)
occupied = np.zeros((H, W), dtype=bool)


def shape_mask(kind):
    if kind == "rect":
        w, h = rng.integers(10, 81, 2)
        return np.ones((h, w), bool)
    if kind == "L":
        w, h = rng.integers(16, 81, 2)
        t = int(rng.integers(5, 13))
        m = np.zeros((h, w), bool)
        m[:, :t] = True
        m[-t:, :] = True
        return m[:: rng.choice([-1, 1]), :: rng.choice([-1, 1])]
    if kind == "ring":
        t = int(rng.integers(4, 11))
        w, h = rng.integers(2 * t + 6, 81, 2)
        m = np.ones((h, w), bool)
        m[t:-t, t:-t] = False
        return m
    s = int(rng.integers(5, 13))  # blob: a disc-ish shape s x s
    yy, xx = np.mgrid[0:s, 0:s] + 0.5
    return (xx - s / 2) ** 2 + (yy - s / 2) ** 2 <= (s / 2) ** 2 + 0.5


objects = []
rejected = {"overlap": 0, "contrast": 0}
for kind, n in COUNTS.items():
    for _ in range(n):
        for _try in range(100):
            m = shape_mask(kind)
            h, w = m.shape
            r0 = int(rng.integers(MARGIN, H - MARGIN - h))
            c0 = int(rng.integers(MARGIN, W - MARGIN - w))
            if occupied[r0 : r0 + h, c0 : c0 + w].any():
                rejected["overlap"] += 1
                continue
            material = "roof" if rng.random() < 0.5 else "burn"
            base = (ROOF + rng.uniform(-20, 20)) if material == "roof" else (BURN + rng.uniform(-6, 6, 3))
            sigma = 4.0 if material == "roof" else 2.0
            paint = base[:, None, None] + rng.normal(0, sigma, (1, h, w)) + rng.normal(0, 1.5, (nb, h, w))
            paint = np.clip(np.rint(paint), 0, 255).astype(np.uint8)
            window = data[:, r0 : r0 + h, c0 : c0 + w]
            diff = np.abs(paint.astype(np.int16) - window.astype(np.int16)).max(axis=0)
            if diff[m].mean() < MIN_CONTRAST:
                rejected["contrast"] += 1
                continue
            window[:, m] = paint[:, m]
            occupied[max(0, r0 - GAP) : r0 + h + GAP, max(0, c0 - GAP) : c0 + w + GAP] = True
            objects.append({"kind": kind, "material": material, "bbox": [c0, r0, c0 + w, r0 + h], "pixels": int(m.sum()), "contrast": round(float(diff[m].mean()), 1)})
            break

drv = gdal.GetDriverByName("GTiff")
out = drv.Create(after_path + ".tmp", W, H, nb, gdal.GDT_Byte, options=["COMPRESS=DEFLATE", "PHOTOMETRIC=RGB"])
out.SetGeoTransform(src.GetGeoTransform())
out.SetProjection(src.GetProjection())
noise_rng = np.random.default_rng(seed + 1)
clipped_high = clipped_low = 0
step = 512
for y in range(0, H, step):
    rows = min(step, H - y)
    a = data[:, y : y + rows, :].astype(np.float32) * GAIN + OFFSET
    a += noise_rng.normal(0, NOISE, a.shape).astype(np.float32)
    a = np.rint(a)
    clipped_high += int((a > 255).sum())
    clipped_low += int((a < 0).sum())
    a = np.clip(a, 0, 255).astype(np.uint8)
    for b in range(nb):
        out.GetRasterBand(b + 1).WriteArray(a[b], 0, y)
out.FlushCache()
out = None
os.replace(after_path + ".tmp", after_path)

kinds = {}
for o in objects:
    key = f"{o['kind']}/{o['material']}"
    kinds[key] = kinds.get(key, 0) + 1
meta = {
    "before": before_path,
    "seed": seed,
    "gain": GAIN,
    "offset": OFFSET,
    "noiseSigma": NOISE,
    "objects": len(objects),
    "objectPixels": int(sum(o["pixels"] for o in objects)),
    "byKind": kinds,
    "rejected": rejected,
    "clipped": {"high": clipped_high, "low": clipped_low, "samples": int(W * H * nb)},
    "list": objects,
}
with open(after_path + ".json", "w") as f:
    json.dump(meta, f)
print(f"{after_path}: {len(objects)} objects ({meta['objectPixels']} px), clipped {clipped_high} high + {clipped_low} low of {W * H * nb} samples")
