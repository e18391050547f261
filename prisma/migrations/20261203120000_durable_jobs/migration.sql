-- Durable jobs (issue 14): a worker process claims queued jobs under a lease;
-- scenes are PROCESSING until their conversion job succeeds.
ALTER TABLE "Scene" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'READY';
ALTER TABLE "Scene" ADD COLUMN "statusMessage" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Scene" ADD COLUMN "conversionJobId" TEXT;

ALTER TABLE "Job" ADD COLUMN "startedAt" DATETIME;
ALTER TABLE "Job" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Job" ADD COLUMN "maxAttempts" INTEGER NOT NULL DEFAULT 3;
ALTER TABLE "Job" ADD COLUMN "cancelRequested" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Job" ADD COLUMN "leaseOwner" TEXT;
ALTER TABLE "Job" ADD COLUMN "leaseUntil" DATETIME;
ALTER TABLE "Job" ADD COLUMN "uniqueKey" TEXT;
CREATE UNIQUE INDEX "Job_uniqueKey_key" ON "Job"("uniqueKey");
CREATE INDEX "Job_status_createdAt_idx" ON "Job"("status", "createdAt");

-- Jobs the web process ran in memory before this change cannot be resumed by a worker.
UPDATE "Job" SET "status" = 'FAILED', "message" = 'failed', "error" = 'interrupted: the server that ran this job stopped before the job queue existed; start it again', "finishedAt" = CURRENT_TIMESTAMP
WHERE "status" IN ('QUEUED', 'RUNNING');
