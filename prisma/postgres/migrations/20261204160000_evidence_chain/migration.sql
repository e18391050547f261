-- Evidence (issue 18), as on SQLite (prisma/migrations/20261204160000_evidence_chain):
-- each ReviewEvent a link of its site's hash chain, SiteChain the head of each,
-- a release's chain head and Ed25519 signature.
-- AlterTable
ALTER TABLE "ReviewEvent" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT,
ADD COLUMN     "sequence" INTEGER,
ADD COLUMN     "siteId" TEXT;

-- AlterTable
ALTER TABLE "Release" ADD COLUMN     "chainHead" TEXT,
ADD COLUMN     "chainLength" INTEGER,
ADD COLUMN     "signature" TEXT,
ADD COLUMN     "signaturePayload" TEXT,
ADD COLUMN     "signingKeyId" TEXT;

-- CreateTable
CREATE TABLE "SiteChain" (
    "siteId" TEXT NOT NULL,
    "length" INTEGER NOT NULL,
    "head" TEXT NOT NULL,

    CONSTRAINT "SiteChain_pkey" PRIMARY KEY ("siteId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReviewEvent_siteId_sequence_key" ON "ReviewEvent"("siteId", "sequence");

-- AddForeignKey
ALTER TABLE "SiteChain" ADD CONSTRAINT "SiteChain_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
