-- ReviewEvent and Release are the record of who claimed what and who checked it:
-- append-only. The database itself refuses to change or remove them, whatever
-- code (or person with a SQL shell through the app's connection) tries.
CREATE TRIGGER "ReviewEvent_append_only_update" BEFORE UPDATE ON "ReviewEvent"
BEGIN SELECT RAISE(ABORT, 'ReviewEvent rows are append-only'); END;
CREATE TRIGGER "ReviewEvent_append_only_delete" BEFORE DELETE ON "ReviewEvent"
BEGIN SELECT RAISE(ABORT, 'ReviewEvent rows are append-only'); END;
CREATE TRIGGER "Release_append_only_update" BEFORE UPDATE ON "Release"
BEGIN SELECT RAISE(ABORT, 'Release rows are immutable'); END;
CREATE TRIGGER "Release_append_only_delete" BEFORE DELETE ON "Release"
BEGIN SELECT RAISE(ABORT, 'Release rows are immutable'); END;
