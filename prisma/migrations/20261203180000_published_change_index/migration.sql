-- The OGC API's index of published changes (issue 16): derived from the releases,
-- rebuildable from them (lib/publish/published-change*.ts). It starts empty: the
-- first public read after this migration fills it from every site's latest release.
-- CreateTable
CREATE TABLE "PublishedChange" (
    "changeId" TEXT NOT NULL PRIMARY KEY,
    "siteId" TEXT NOT NULL,
    "releaseNumber" INTEGER NOT NULL,
    "feature" TEXT NOT NULL,
    "minLon" REAL NOT NULL,
    "minLat" REAL NOT NULL,
    "maxLon" REAL NOT NULL,
    "maxLat" REAL NOT NULL,
    "startMs" REAL NOT NULL,
    "endMs" REAL NOT NULL,
    "detectedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "PublishedChangeSite" (
    "siteId" TEXT NOT NULL PRIMARY KEY,
    "releaseNumber" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "PublishedChange_siteId_idx" ON "PublishedChange"("siteId");

-- CreateIndex
CREATE INDEX "PublishedChange_detectedBy_changeId_idx" ON "PublishedChange"("detectedBy", "changeId");

-- CreateIndex
CREATE INDEX "PublishedChange_minLon_maxLon_minLat_maxLat_startMs_endMs_idx" ON "PublishedChange"("minLon", "maxLon", "minLat", "maxLat", "startMs", "endMs");

