-- Review in depth (issue 5): the change-type taxonomy and settings admins edit,
-- working tags on revisions, and when a change's status last moved (queue age).

-- CreateTable
CREATE TABLE "ChangeTypeDef" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "damageGradeApplies" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The starting taxonomy (product brief); admins can rename, add and retire types.
INSERT INTO "ChangeTypeDef" ("key", "label", "description", "damageGradeApplies", "sortOrder") VALUES
  ('construction', 'construction', 'New buildings or structures where there were none.', false, 10),
  ('demolition', 'demolition', 'Structures removed or razed.', true, 20),
  ('expansion', 'expansion', 'An existing compound or built-up area grows.', false, 30),
  ('burned_structures', 'burned structures', 'Structures showing fire damage or burn scars.', true, 40),
  ('fencing_walls_watchtowers', 'new fencing, walls or watchtowers', 'Perimeter security appears or is reinforced.', false, 50),
  ('vegetation_clearance', 'vegetation clearance', 'Trees, crops or other vegetation removed.', false, 60),
  ('earthworks', 'earthworks', 'Ground moved: trenches, berms, levelling, pits.', false, 70),
  ('other', 'other', 'Anything else; say what in the description.', false, 80);

-- CreateTable
CREATE TABLE "AppSetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The annotation version each event produced: a stale writer is shown what happened since.
ALTER TABLE "ReviewEvent" ADD COLUMN "annotationVersion" INTEGER;

-- Who changed a site's public fields since its last release (four eyes on site text).
-- Sites never published count their creator; published ones start clean.
ALTER TABLE "Site" ADD COLUMN "publicEditorIds" TEXT NOT NULL DEFAULT '[]';
UPDATE "Site" SET "publicEditorIds" = json_array("createdById") WHERE NOT EXISTS (SELECT 1 FROM "Release" r WHERE r."siteId" = "Site"."id");

-- Comments are part of the review record: never edited or deleted.
CREATE TRIGGER "Comment_append_only_update" BEFORE UPDATE ON "Comment"
BEGIN SELECT RAISE(ABORT, 'Comment rows are append-only'); END;
CREATE TRIGGER "Comment_append_only_delete" BEFORE DELETE ON "Comment"
BEGIN SELECT RAISE(ABORT, 'Comment rows are append-only'); END;

-- Working tags: internal labels on a revision (JSON array), never published.
ALTER TABLE "AnnotationRevision" ADD COLUMN "tags" TEXT NOT NULL DEFAULT '[]';

-- RedefineTables (SQLite cannot add a column with a non-constant default)
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Annotation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "siteId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "authorId" TEXT NOT NULL,
    "currentRevisionId" TEXT,
    "publishedRevisionId" TEXT,
    "statusChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Annotation_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Annotation_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Annotation_currentRevisionId_fkey" FOREIGN KEY ("currentRevisionId") REFERENCES "AnnotationRevision" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Annotation_publishedRevisionId_fkey" FOREIGN KEY ("publishedRevisionId") REFERENCES "AnnotationRevision" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Annotation" ("authorId", "createdAt", "currentRevisionId", "id", "publishedRevisionId", "siteId", "status", "statusChangedAt", "updatedAt", "version")
  SELECT "authorId", "createdAt", "currentRevisionId", "id", "publishedRevisionId", "siteId", "status", "updatedAt", "updatedAt", "version" FROM "Annotation";
DROP TABLE "Annotation";
ALTER TABLE "new_Annotation" RENAME TO "Annotation";
CREATE UNIQUE INDEX "Annotation_currentRevisionId_key" ON "Annotation"("currentRevisionId");
CREATE UNIQUE INDEX "Annotation_publishedRevisionId_key" ON "Annotation"("publishedRevisionId");
CREATE INDEX "Annotation_siteId_status_idx" ON "Annotation"("siteId", "status");
CREATE INDEX "Annotation_status_statusChangedAt_idx" ON "Annotation"("status", "statusChangedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
