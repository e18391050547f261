-- Evidence (issue 18): each ReviewEvent becomes a link of its site's hash chain
-- (lib/evidence/event-chain.ts), SiteChain holds each chain's head, and a release
-- records the head and its Ed25519 signature. Events and releases written before
-- this migration keep null links: a site's first link commits to them (its genesis).
-- AlterTable
ALTER TABLE "ReviewEvent" ADD COLUMN "siteId" TEXT;
ALTER TABLE "ReviewEvent" ADD COLUMN "sequence" INTEGER;
ALTER TABLE "ReviewEvent" ADD COLUMN "prevHash" TEXT;
ALTER TABLE "ReviewEvent" ADD COLUMN "hash" TEXT;

-- AlterTable
ALTER TABLE "Release" ADD COLUMN "chainLength" INTEGER;
ALTER TABLE "Release" ADD COLUMN "chainHead" TEXT;
ALTER TABLE "Release" ADD COLUMN "signingKeyId" TEXT;
ALTER TABLE "Release" ADD COLUMN "signaturePayload" TEXT;
ALTER TABLE "Release" ADD COLUMN "signature" TEXT;

-- CreateTable
CREATE TABLE "SiteChain" (
    "siteId" TEXT NOT NULL PRIMARY KEY,
    "length" INTEGER NOT NULL,
    "head" TEXT NOT NULL,
    CONSTRAINT "SiteChain_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ReviewEvent_siteId_sequence_key" ON "ReviewEvent"("siteId", "sequence");
