-- Image chips of published claims (issue 18): one PNG per published revision and
-- scene of its detection window, content-addressed, never changed.
-- CreateTable
CREATE TABLE "EvidenceChip" (
    "sha256" TEXT NOT NULL PRIMARY KEY,
    "revisionId" TEXT NOT NULL,
    "sceneId" TEXT NOT NULL,
    "png" BLOB NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "EvidenceChip_revisionId_sceneId_key" ON "EvidenceChip"("revisionId", "sceneId");

CREATE TRIGGER "EvidenceChip_append_only_update" BEFORE UPDATE ON "EvidenceChip"
BEGIN SELECT RAISE(ABORT, 'EvidenceChip rows are immutable'); END;
