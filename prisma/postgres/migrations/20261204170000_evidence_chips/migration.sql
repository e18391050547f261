-- Image chips of published claims (issue 18), as on SQLite
-- (prisma/migrations/20261204170000_evidence_chips).
-- CreateTable
CREATE TABLE "EvidenceChip" (
    "sha256" TEXT NOT NULL,
    "revisionId" TEXT NOT NULL,
    "sceneId" TEXT NOT NULL,
    "png" BYTEA NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvidenceChip_pkey" PRIMARY KEY ("sha256")
);

-- CreateIndex
CREATE UNIQUE INDEX "EvidenceChip_revisionId_sceneId_key" ON "EvidenceChip"("revisionId", "sceneId");

CREATE TRIGGER "EvidenceChip_append_only" BEFORE UPDATE ON "EvidenceChip"
  FOR EACH ROW EXECUTE FUNCTION "sitewatch_refuse_change"('EvidenceChip rows are immutable');
