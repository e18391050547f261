-- Lineage (issue 18): which writer (name and version) made each scene's COG from its original.
-- AlterTable
ALTER TABLE "Scene" ADD COLUMN "cogWriter" TEXT;
