-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userAgent" TEXT,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStartedAt" DATETIME NOT NULL,
    "lockedUntil" DATETIME
);

-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "qualifier" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "region" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "publicSummary" TEXT NOT NULL DEFAULT '',
    "methodologyNote" TEXT NOT NULL DEFAULT '',
    "footprint" TEXT NOT NULL,
    "bboxMinLon" REAL NOT NULL,
    "bboxMinLat" REAL NOT NULL,
    "bboxMaxLon" REAL NOT NULL,
    "bboxMaxLat" REAL NOT NULL,
    "areaM2" REAL NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Site_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Scene" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sha256" TEXT NOT NULL,
    "originalFilename" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "acquiredAt" DATETIME NOT NULL,
    "sensor" TEXT NOT NULL DEFAULT '',
    "gsdM" REAL,
    "cloudCoverPct" REAL,
    "provider" TEXT NOT NULL DEFAULT '',
    "license" TEXT NOT NULL,
    "attribution" TEXT NOT NULL,
    "publicDisplay" BOOLEAN NOT NULL DEFAULT false,
    "publicMaxZoom" INTEGER NOT NULL DEFAULT 14,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bandCount" INTEGER NOT NULL,
    "dataType" TEXT NOT NULL,
    "nodata" REAL,
    "crs" TEXT NOT NULL,
    "crsProj4" TEXT NOT NULL,
    "footprint" TEXT NOT NULL,
    "bboxMinLon" REAL NOT NULL,
    "bboxMinLat" REAL NOT NULL,
    "bboxMaxLon" REAL NOT NULL,
    "bboxMaxLat" REAL NOT NULL,
    "bandStats" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Scene_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SiteScene" (
    "siteId" TEXT NOT NULL,
    "sceneId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("siteId", "sceneId"),
    CONSTRAINT "SiteScene_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SiteScene_sceneId_fkey" FOREIGN KEY ("sceneId") REFERENCES "Scene" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Annotation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "siteId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "authorId" TEXT NOT NULL,
    "currentRevisionId" TEXT,
    "publishedRevisionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Annotation_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Annotation_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Annotation_currentRevisionId_fkey" FOREIGN KEY ("currentRevisionId") REFERENCES "AnnotationRevision" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Annotation_publishedRevisionId_fkey" FOREIGN KEY ("publishedRevisionId") REFERENCES "AnnotationRevision" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AnnotationRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "annotationId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "geometry" TEXT NOT NULL,
    "bboxMinLon" REAL NOT NULL,
    "bboxMinLat" REAL NOT NULL,
    "bboxMaxLon" REAL NOT NULL,
    "bboxMaxLat" REAL NOT NULL,
    "areaM2" REAL NOT NULL,
    "changeType" TEXT NOT NULL,
    "damageGrade" TEXT,
    "confidence" TEXT NOT NULL,
    "beforeSceneId" TEXT NOT NULL,
    "afterSceneId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AnnotationRevision_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AnnotationRevision_beforeSceneId_fkey" FOREIGN KEY ("beforeSceneId") REFERENCES "Scene" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AnnotationRevision_afterSceneId_fkey" FOREIGN KEY ("afterSceneId") REFERENCES "Scene" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AnnotationRevision_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Source" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "revisionId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "archiveUrl" TEXT,
    "accessedAt" DATETIME,
    "withheld" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Source_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "AnnotationRevision" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "annotationId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "parentId" TEXT,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Comment_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Comment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Comment_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Comment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "annotationId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "comment" TEXT,
    "diff" TEXT,
    "revisionNumber" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReviewEvent_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ReviewEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Release" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "siteId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "note" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "snapshotSha256" TEXT NOT NULL,
    "publishedById" TEXT NOT NULL,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Release_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Release_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChangeCandidate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "siteId" TEXT NOT NULL,
    "beforeSceneId" TEXT NOT NULL,
    "afterSceneId" TEXT NOT NULL,
    "jobId" TEXT,
    "geometry" TEXT NOT NULL,
    "bboxMinLon" REAL NOT NULL,
    "bboxMinLat" REAL NOT NULL,
    "bboxMaxLon" REAL NOT NULL,
    "bboxMaxLat" REAL NOT NULL,
    "score" REAL NOT NULL,
    "areaM2" REAL NOT NULL,
    "pixelCount" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'UNDECIDED',
    "dismissReason" TEXT,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "annotationId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChangeCandidate_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ChangeCandidate_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ChangeCandidate_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ChangeCandidate_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "progress" REAL NOT NULL DEFAULT 0,
    "message" TEXT NOT NULL DEFAULT '',
    "payload" TEXT NOT NULL DEFAULT '{}',
    "result" TEXT,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "Job_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Tip" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "siteSlug" TEXT,
    "body" TEXT NOT NULL,
    "contact" TEXT,
    "status" TEXT NOT NULL DEFAULT 'NEW',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Site_slug_key" ON "Site"("slug");

-- CreateIndex
CREATE INDEX "Site_bboxMinLon_bboxMaxLon_bboxMinLat_bboxMaxLat_idx" ON "Site"("bboxMinLon", "bboxMaxLon", "bboxMinLat", "bboxMaxLat");

-- CreateIndex
CREATE UNIQUE INDEX "Scene_sha256_key" ON "Scene"("sha256");

-- CreateIndex
CREATE INDEX "Scene_bboxMinLon_bboxMaxLon_bboxMinLat_bboxMaxLat_idx" ON "Scene"("bboxMinLon", "bboxMaxLon", "bboxMinLat", "bboxMaxLat");

-- CreateIndex
CREATE INDEX "SiteScene_sceneId_idx" ON "SiteScene"("sceneId");

-- CreateIndex
CREATE UNIQUE INDEX "Annotation_currentRevisionId_key" ON "Annotation"("currentRevisionId");

-- CreateIndex
CREATE UNIQUE INDEX "Annotation_publishedRevisionId_key" ON "Annotation"("publishedRevisionId");

-- CreateIndex
CREATE INDEX "Annotation_siteId_status_idx" ON "Annotation"("siteId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "AnnotationRevision_annotationId_number_key" ON "AnnotationRevision"("annotationId", "number");

-- CreateIndex
CREATE INDEX "Source_revisionId_idx" ON "Source"("revisionId");

-- CreateIndex
CREATE INDEX "Comment_annotationId_idx" ON "Comment"("annotationId");

-- CreateIndex
CREATE INDEX "ReviewEvent_annotationId_createdAt_idx" ON "ReviewEvent"("annotationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Release_siteId_number_key" ON "Release"("siteId", "number");

-- CreateIndex
CREATE INDEX "ChangeCandidate_siteId_status_idx" ON "ChangeCandidate"("siteId", "status");
