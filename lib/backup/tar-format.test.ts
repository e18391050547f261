import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BLOCK, decodeHeader, encodeHeader, END_OF_ARCHIVE, paddingOf } from "./tar-format";

describe("ustar headers", () => {
  it("round-trip a regular file's name, size and time", () => {
    const block = encodeHeader({ name: "store/ab/abcdef", size: 1234567, mtimeS: 1_764_000_000 });
    expect(block).toHaveLength(BLOCK);
    expect(decodeHeader(block)).toEqual({ kind: "file", entry: { name: "store/ab/abcdef", size: 1234567, mtimeS: 1_764_000_000 } });
  });

  it("writes sizes of 8 GiB and more in base-256 and reads them back", () => {
    const size = 8 ** 11 + 12345;
    const block = encodeHeader({ name: "big", size, mtimeS: 0 });
    expect(block[124]).toBe(0x80);
    expect(decodeHeader(block)).toMatchObject({ kind: "file", entry: { size } });
  });

  it("knows the end, and refuses a damaged header, a link, a short block and another format", () => {
    expect(decodeHeader(Buffer.alloc(BLOCK))).toEqual({ kind: "end" });
    const damaged = encodeHeader({ name: "a", size: 1, mtimeS: 0 });
    damaged[0] = "b".charCodeAt(0);
    expect(decodeHeader(damaged)).toMatchObject({ kind: "bad", why: expect.stringMatching(/checksum/) });
    const link = encodeHeader({ name: "a", size: 0, mtimeS: 0 });
    link[156] = "2".charCodeAt(0);
    // Fix the checksum so only the type is wrong.
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : link[i]!;
    link.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, 8, "ascii");
    expect(decodeHeader(link)).toMatchObject({ kind: "bad", why: expect.stringMatching(/not a regular file/) });
    expect(decodeHeader(Buffer.alloc(100))).toMatchObject({ kind: "bad" });
    expect(decodeHeader(Buffer.from("id,name\n".repeat(64)))).toMatchObject({ kind: "bad" });
  });

  it("pads data to whole blocks", () => {
    expect([0, 1, 511, 512, 513].map(paddingOf)).toEqual([0, 511, 1, 0, 511]);
  });

  it("is read by the system's tar", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-tar-"));
    const data = Buffer.from("hello, tar\n");
    const file = path.join(dir, "t.tar");
    fs.writeFileSync(file, Buffer.concat([encodeHeader({ name: "store/ab/hello", size: data.length, mtimeS: 0 }), data, Buffer.alloc(paddingOf(data.length)), END_OF_ARCHIVE]));
    const r = spawnSync("tar", ["-xOf", file, "store/ab/hello"], { encoding: "utf8" });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("hello, tar\n");
  });
});
