-- Scene byte sizes: PostgreSQL's integer is 32-bit, so a file over 2 GiB could
-- not be recorded (SQLite's INTEGER is 64-bit). Double precision holds every
-- size exactly up to 2^53 bytes and reads back as a JavaScript number.
ALTER TABLE "Scene" ALTER COLUMN "byteSize" SET DATA TYPE DOUBLE PRECISION,
                    ALTER COLUMN "cogByteSize" SET DATA TYPE DOUBLE PRECISION;
