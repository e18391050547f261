-- Trusted timestamps of release signatures (issue 18), as on SQLite.
-- CreateTable
CREATE TABLE "ReleaseTimestamp" (
    "id" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "tsaUrl" TEXT NOT NULL,
    "reply" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReleaseTimestamp_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReleaseTimestamp_releaseId_key" ON "ReleaseTimestamp"("releaseId");

CREATE TRIGGER "ReleaseTimestamp_append_only" BEFORE UPDATE ON "ReleaseTimestamp"
  FOR EACH ROW EXECUTE FUNCTION "sitewatch_refuse_change"('ReleaseTimestamp rows are immutable');
