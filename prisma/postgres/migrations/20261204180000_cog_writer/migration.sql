-- Lineage (issue 18), as on SQLite: which writer made each scene's COG.
-- AlterTable
ALTER TABLE "Scene" ADD COLUMN     "cogWriter" TEXT;
