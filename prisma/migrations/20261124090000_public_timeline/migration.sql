-- Issue 6: how public tiles render a scene (set by an editor), and tips that can be rate-limited.
ALTER TABLE "Scene" ADD COLUMN "publicRender" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Tip" ADD COLUMN "link" TEXT;
ALTER TABLE "Tip" ADD COLUMN "senderKey" TEXT NOT NULL DEFAULT '';
CREATE INDEX "Tip_senderKey_createdAt_idx" ON "Tip"("senderKey", "createdAt");
