import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { timestampQuery, timestampReplyProblem } from "./timestamp";

describe("an RFC 3161 timestamp request", () => {
  it("is one that OpenSSL reads as a sha256 imprint of our digest, with a nonce, asking for the certificate", () => {
    const digest = createHash("sha256").update("a signature").digest();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsq-"));
    fs.writeFileSync(path.join(dir, "q.tsq"), timestampQuery(digest, Buffer.from("8899aabbccddeeff", "hex")));
    const text = execFileSync("openssl", ["ts", "-query", "-in", path.join(dir, "q.tsq"), "-text"], { encoding: "utf8" });
    expect(text).toMatch(/Hash Algorithm: sha256/);
    // The message data as OpenSSL dumps it: "0000 - 31 ff 4a …-… 97   ascii".
    const dumped = [...text.matchAll(/^\s+[0-9a-f]{4} - ((?:[0-9a-f]{2}[ -]){15}[0-9a-f]{2})/gm)].map((m) => m[1]!.replace(/[ -]/g, "")).join("");
    expect(dumped).toBe(digest.toString("hex"));
    expect(text).toMatch(/Nonce: 0x8899AABBCCDDEEFF/i);
    expect(text).toMatch(/Certificate required: yes/);
    fs.rmSync(dir, { recursive: true });
  });

  it("refuses a reply that is not a granted timestamp of our digest", () => {
    const digest = createHash("sha256").update("x").digest();
    expect(timestampReplyProblem(Buffer.from("not der"), digest)).toBe("the reply is not a timestamp response");
    // A rejection: status 2 and nothing else.
    expect(timestampReplyProblem(Buffer.from("3005300302010 2".replace(" ", ""), "hex"), digest)).toBe("the authority refused (status 2)");
  });
});
