// Imagery files over 2 GiB (and over 4 GiB) are ordinary for a research team:
// their byte sizes are recorded exactly on both databases (PostgreSQL's integer
// is 32-bit, so there they are double precision: prisma/schema.prisma).
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db.server";
import { createUser } from "../factories";

describe("a scene's byte sizes", () => {
  it("are kept exactly for files of 5 GB and a 4 GiB + 1 byte COG", async () => {
    const owner = await createUser("ANALYST");
    const scene = await db.scene.create({
      data: {
        sha256: "5".repeat(64),
        originalFilename: "big-mosaic.tif",
        acquiredAt: new Date("2024-05-01T00:00:00Z"),
        byteSize: 5_000_000_001,
        cogByteSize: 2 ** 32 + 1,
        license: "CC-BY-4.0",
        attribution: "test",
        width: 120_000,
        height: 120_000,
        bandCount: 4,
        dataType: "uint8",
        crs: "EPSG:32725",
        crsProj4: "",
        footprint: "{}",
        bboxMinLon: -35,
        bboxMinLat: -8,
        bboxMaxLon: -34.8,
        bboxMaxLat: -7.9,
        uploadedById: owner.id,
        bandStats: "[]",
      },
    });
    const read = await db.scene.findUniqueOrThrow({ where: { id: scene.id }, select: { byteSize: true, cogByteSize: true } });
    expect(read).toEqual({ byteSize: 5_000_000_001, cogByteSize: 4_294_967_297 });
  });
});
