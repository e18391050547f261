-- Every scene ingested from now on is stored twice: the original as uploaded
-- (provenance) and a Cloud-Optimised GeoTIFF made from it (viewing, tiles).
ALTER TABLE "Scene" ADD COLUMN "cogSha256" TEXT;
ALTER TABLE "Scene" ADD COLUMN "cogByteSize" INTEGER;
