#!/usr/bin/python3
"""Makes the small GeoTIFF variants in tests/fixtures/imagery/generated/ and
their gdalinfo goldens in tests/fixtures/imagery-expected/, with GDAL.

GDAL is the field's reference implementation: here it is a development-time
tool only (apt-get install gdal-bin python3-gdal). The outputs are committed,
so the tests need no GDAL. Rerun after changing a case:
    /usr/bin/python3 scripts/make-imagery-fixtures.py   (Debian's Python, where python3-gdal lives)
"""
import json
import os
import subprocess

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "fixtures", "imagery")
OUT = os.path.join(SRC, "generated")
EXPECTED = os.path.join(ROOT, "tests", "fixtures", "imagery-expected")
L7 = os.path.join(SRC, "L7_ETMs.tif")
os.makedirs(OUT, exist_ok=True)
os.makedirs(EXPECTED, exist_ok=True)


def translate(name, *options, src=L7, window=(100, 100, 64, 48)):
    out = os.path.join(OUT, name)
    opts = ["-q", "-srcwin", *map(str, window), *options]
    gdal.Translate(out, src, options=opts)
    return out


def from_array(name, array, srs_wkt_or_proj, geotransform, nodata=None, options=(), metadata=None):
    out = os.path.join(OUT, name)
    bands, height, width = array.shape
    types = {np.uint8: gdal.GDT_Byte, np.uint16: gdal.GDT_UInt16, np.int16: gdal.GDT_Int16, np.float32: gdal.GDT_Float32}
    ds = gdal.GetDriverByName("GTiff").Create(out, width, height, bands, types[array.dtype.type], options=list(options))
    ds.SetGeoTransform(geotransform)
    srs = osr.SpatialReference()
    srs.SetFromUserInput(srs_wkt_or_proj)
    ds.SetProjection(srs.ExportToWkt())
    if metadata:
        ds.SetMetadata(metadata)
    for b in range(bands):
        band = ds.GetRasterBand(b + 1)
        band.WriteArray(array[b])
        if nodata is not None:
            band.SetNoDataValue(nodata)
    ds = None
    return out


cases = []
cases.append(translate("l7-tiled-deflate.tif", "-co", "TILED=YES", "-co", "BLOCKXSIZE=32", "-co", "BLOCKYSIZE=32", "-co", "COMPRESS=DEFLATE"))
cases.append(translate("l7-lzw-predictor.tif", "-co", "COMPRESS=LZW", "-co", "PREDICTOR=2"))
cases.append(translate("l7-packbits-band-interleaved.tif", "-co", "COMPRESS=PACKBITS", "-co", "INTERLEAVE=BAND"))
cases.append(translate("l7-jpeg-rgb.tif", "-b", "3", "-b", "2", "-b", "1", "-co", "COMPRESS=JPEG", "-co", "PHOTOMETRIC=RGB", "-co", "JPEG_QUALITY=90"))
cases.append(translate("l7-bigtiff.tif", "-co", "BIGTIFF=YES", "-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=16"))
cases.append(translate("l7-uint16.tif", "-ot", "UInt16", "-scale", "0", "255", "0", "65535"))
cases.append(translate("l7-int16-nodata.tif", "-ot", "Int16", "-scale", "0", "255", "-1000", "1000", "-a_nodata", "-1000"))
cases.append(translate("l7-uint32.tif", "-ot", "UInt32"))
cases.append(translate("l7-float64.tif", "-ot", "Float64", "-scale", "0", "255", "0", "1"))
cases.append(translate("l7-pixel-is-point.tif", "-mo", "AREA_OR_POINT=Point"))
ov = translate("l7-overviews.tif", "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE", window=(0, 0, 349, 352))
ds = gdal.Open(ov, gdal.GA_Update)
ds.BuildOverviews("AVERAGE", [2, 4])
ds = None
cases.append(ov)

rng = np.random.default_rng(7)
l7 = gdal.Open(L7)
block = l7.ReadAsArray(100, 100, 64, 48).astype(np.uint8)  # (6, 48, 64)
ox, px, _, oy, _, py = l7.GetGeoTransform()
ox, oy = ox + 100 * px, oy + 100 * py
# Rotated 10 degrees: GDAL writes a ModelTransformation tag.
angle = np.radians(10)
cases.append(from_array("l7-rotated.tif", block[:3], "EPSG:31985", (ox, px * np.cos(angle), -py * np.sin(angle) * -1, oy, px * np.sin(angle), py * np.cos(angle))))
# Polar stereographic (Arctic, EPSG:3413): a square whose edges are curves in lon/lat.
cases.append(from_array("arctic-polar-stereo.tif", (rng.random((1, 40, 40)) * 100).astype(np.float32), "EPSG:3413", (-500000, 25000, 0, 500000, 0, -25000)))
# User-defined Lambert conformal conic in US survey feet.
cases.append(from_array(
    "lcc-us-feet.tif", block[:1], "+proj=lcc +lat_1=33 +lat_2=45 +lat_0=39 +lon_0=-96 +x_0=0 +y_0=0 +datum=NAD83 +units=us-ft +no_defs",
    (1000000, 300, 0, 500000, 0, -300)))
# User-defined Transverse Mercator on a user-defined ellipsoid with TOWGS84.
cases.append(from_array(
    "tmerc-custom-ellipsoid.tif", block[:1], "+proj=tmerc +lat_0=0 +lon_0=-35 +k=0.9996 +x_0=500000 +y_0=10000000 +a=6378388 +rf=297 +towgs84=-87,-98,-121,0,0,0,0 +units=m +no_defs",
    (280000, 30, 0, 9120000, 0, -30)))
# UTM zone 1N straddling the antimeridian at 60°N.
cases.append(from_array("antimeridian-utm1n.tif", (rng.random((1, 30, 60)) * 255).astype(np.uint8), "EPSG:32601", (250000, 2500, 0, 6700000, 0, -2500)))
# A float raster with a nodata value and NaN.
arr = (rng.random((1, 20, 30)) * 50).astype(np.float32)
arr[0, :5, :5] = -9999
arr[0, 10, 10] = np.nan
cases.append(from_array("float-nodata.tif", arr, "EPSG:4326", (10, 0.01, 0, 50, 0, -0.01), nodata=-9999))

# Large enough for several overview levels in a COG (512-pixel tiles): 1300×1100
# upsampled Landsat, int16 with a nodata corner, striped LZW; and 3-band uint8
# 1100×700 tiled 256 deflate.
up = gdal.Translate("/vsimem/up.tif", L7, options=["-q", "-b", "4", "-outsize", "1300", "1100", "-r", "bilinear", "-ot", "Int16"])
arr = up.ReadAsArray().astype(np.int16)[None, :, :] * 10
arr[0, :300, :250] = -32768
ugt = up.GetGeoTransform()
cases.append(from_array("l7-multilevel-int16-nodata.tif", arr, "EPSG:31985", ugt, nodata=-32768, options=("COMPRESS=LZW",)))
up = None
gdal.Unlink("/vsimem/up.tif")
cases.append(translate("l7-multilevel-rgb-tiled.tif", "-b", "3", "-b", "2", "-b", "1", "-outsize", "1100", "700", "-r", "cubic", "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE", window=(0, 0, 349, 352)))

for path in [L7, os.path.join(SRC, "lc.tif"), os.path.join(SRC, "na.tif"), os.path.join(SRC, "olinda_dem_utm25s.tif"), *cases]:
    info = json.loads(subprocess.check_output(["gdalinfo", "-json", "-stats", "-checksum", path]))
    for aux in (path + ".aux.xml",):
        if os.path.exists(aux):
            os.remove(aux)
    golden = {
        "source": f"gdalinfo -json -stats -checksum (GDAL {gdal.__version__}) of {os.path.relpath(path, ROOT)}",
        "file": os.path.relpath(path, ROOT),
        "size": info["size"],
        "bands": [{k: b.get(k) for k in ("type", "noDataValue", "minimum", "maximum", "mean", "stdDev", "checksum", "colorInterpretation")} for b in info["bands"]],
        "geoTransform": info.get("geoTransform"),
        "wgs84Extent": info.get("wgs84Extent"),
        "proj4": subprocess.check_output(["gdalsrsinfo", "-o", "proj4", path], text=True).strip(),
        "overviews": len(info["bands"][0].get("overviews", [])),
        "metadata": info.get("metadata", {}).get("", {}),
    }
    # The four raster corners through GDAL/PROJ (gdalinfo's wgs84Extent degenerates round a pole).
    ds = gdal.Open(path)
    gt = ds.GetGeoTransform()
    src = osr.SpatialReference(wkt=ds.GetProjection())
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    for s_ in (src, dst):
        s_.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    corners = []
    for col, row in ((0, 0), (ds.RasterXSize, 0), (ds.RasterXSize, ds.RasterYSize), (0, ds.RasterYSize)):
        x = gt[0] + col * gt[1] + row * gt[2]
        y = gt[3] + col * gt[4] + row * gt[5]
        lon, lat, _ = ct.TransformPoint(x, y)
        corners.append([round(lon, 9), round(lat, 9)])
    golden["cornersLonLat"] = corners
    # Exact statistics (gdalinfo -json prints them rounded to 3 decimals).
    for b, band_golden in enumerate(golden["bands"]):
        mn, mx, mean, std = ds.GetRasterBand(b + 1).ComputeStatistics(False)
        band_golden.update(minimum=mn, maximum=mx, mean=mean, stdDev=std)
    golden["linearUnitMetres"] = src.GetLinearUnits() if src.IsProjected() else None
    ds = None
    name = os.path.basename(path).replace(".tif", ".gdalinfo.json")
    with open(os.path.join(EXPECTED, name), "w") as f:
        json.dump(golden, f, indent=1)
    print(name, golden["size"], [b["type"] for b in golden["bands"]][:1], golden["proj4"][:60])
