-- The OGC API's index of published changes (issue 16), as on SQLite
-- (prisma/migrations/20261203180000_published_change_index), with the geometries
-- as PostGIS geometry under GiST indexes: each one set from its GeoJSON by a
-- trigger on every write, so it cannot drift from the text.
-- The index starts empty: the first public read fills it from the releases.
-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "footprintGeom" postgis.geometry(Geometry,4326);

-- CreateTable
CREATE TABLE "PublishedChange" (
    "changeId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "releaseNumber" INTEGER NOT NULL,
    "feature" TEXT NOT NULL,
    "minLon" DOUBLE PRECISION NOT NULL,
    "minLat" DOUBLE PRECISION NOT NULL,
    "maxLon" DOUBLE PRECISION NOT NULL,
    "maxLat" DOUBLE PRECISION NOT NULL,
    "startMs" DOUBLE PRECISION NOT NULL,
    "endMs" DOUBLE PRECISION NOT NULL,
    "detectedBy" TEXT NOT NULL,
    "geom" postgis.geometry(Geometry,4326),

    CONSTRAINT "PublishedChange_pkey" PRIMARY KEY ("changeId")
);

-- CreateTable
CREATE TABLE "PublishedChangeSite" (
    "siteId" TEXT NOT NULL,
    "releaseNumber" INTEGER NOT NULL,

    CONSTRAINT "PublishedChangeSite_pkey" PRIMARY KEY ("siteId")
);

-- CreateIndex
CREATE INDEX "PublishedChange_siteId_idx" ON "PublishedChange"("siteId");

-- CreateIndex
CREATE INDEX "PublishedChange_detectedBy_changeId_idx" ON "PublishedChange"("detectedBy", "changeId");

-- CreateIndex
CREATE INDEX "PublishedChange_minLon_maxLon_minLat_maxLat_startMs_endMs_idx" ON "PublishedChange"("minLon", "maxLon", "minLat", "maxLat", "startMs", "endMs");

-- CreateIndex
CREATE INDEX "PublishedChange_geom_idx" ON "PublishedChange" USING GIST ("geom");

-- CreateIndex
CREATE INDEX "Site_footprintGeom_idx" ON "Site" USING GIST ("footprintGeom");


-- Its queries are short and index-driven, but ST_Intersects is costed so high
-- that the planner would start parallel workers for them, which costs more than
-- the query itself (tens of ms on a busy 2-core machine).
ALTER TABLE "PublishedChange" SET (parallel_workers = 0);

-- The collection's order, by code point whatever the database's collation (as SQLite's BINARY).
CREATE INDEX "PublishedChange_detectedBy_changeId_c_idx" ON "PublishedChange"("detectedBy" COLLATE "C", "changeId" COLLATE "C");

CREATE FUNCTION "sitewatch_site_footprint_geom"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."footprintGeom" := postgis.ST_SetSRID(postgis.ST_GeomFromGeoJSON(NEW."footprint"), 4326);
  RETURN NEW;
END;
$$;
CREATE TRIGGER "Site_footprint_geom" BEFORE INSERT OR UPDATE ON "Site"
  FOR EACH ROW EXECUTE FUNCTION "sitewatch_site_footprint_geom"();

CREATE FUNCTION "sitewatch_published_change_geom"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."geom" := postgis.ST_SetSRID(postgis.ST_GeomFromGeoJSON((NEW."feature"::json -> 'geometry')::text), 4326);
  RETURN NEW;
END;
$$;
CREATE TRIGGER "PublishedChange_geom" BEFORE INSERT OR UPDATE ON "PublishedChange"
  FOR EACH ROW EXECUTE FUNCTION "sitewatch_published_change_geom"();

-- The sites already there (the trigger sets the column).
UPDATE "Site" SET "footprint" = "footprint";
