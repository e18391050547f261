-- Trusted timestamps of release signatures (issue 18, optional: SITEWATCH_TSA_URL).
-- CreateTable
CREATE TABLE "ReleaseTimestamp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "releaseId" TEXT NOT NULL,
    "tsaUrl" TEXT NOT NULL,
    "reply" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "ReleaseTimestamp_releaseId_key" ON "ReleaseTimestamp"("releaseId");

CREATE TRIGGER "ReleaseTimestamp_append_only_update" BEFORE UPDATE ON "ReleaseTimestamp"
BEGIN SELECT RAISE(ABORT, 'ReleaseTimestamp rows are immutable'); END;
