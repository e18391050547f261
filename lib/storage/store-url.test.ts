// SITEWATCH_STORE_URL and the S3 settings: what is accepted, and the one line a bad value gets.
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { parseStoreUrl, s3Settings } from "./store-url";

const DEFAULT = "/srv/sitewatch/data/store";

describe("parseStoreUrl", () => {
  it("is the local folder when unset or empty, or named by file:", () => {
    expect(parseStoreUrl(undefined, DEFAULT)).toEqual({ kind: "file", dir: DEFAULT });
    expect(parseStoreUrl("  ", DEFAULT)).toEqual({ kind: "file", dir: DEFAULT });
    expect(parseStoreUrl("file:/var/lib/sitewatch/store", DEFAULT)).toEqual({ kind: "file", dir: "/var/lib/sitewatch/store" });
    expect(parseStoreUrl("file:///var/lib/sitewatch/store", DEFAULT)).toEqual({ kind: "file", dir: "/var/lib/sitewatch/store" });
  });

  it("takes s3://bucket and s3://bucket/prefix, without the slashes around the prefix", () => {
    expect(parseStoreUrl("s3://imagery", DEFAULT)).toEqual({ kind: "s3", bucket: "imagery", prefix: "" });
    expect(parseStoreUrl("s3://imagery/sitewatch/prod/", DEFAULT)).toEqual({ kind: "s3", bucket: "imagery", prefix: "sitewatch/prod" });
    expect(parseStoreUrl("s3://my.bucket-1/a_b", DEFAULT)).toEqual({ kind: "s3", bucket: "my.bucket-1", prefix: "a_b" });
  });

  it.each([
    ["http://example.org/x", /must be file:\/absolute\/path or s3:\/\/bucket\/prefix/],
    ["/just/a/path", /must be file:\/absolute\/path or s3:\/\/bucket\/prefix/],
    ["s3://", /s3:\/\/bucket or s3:\/\/bucket\/prefix/],
    ["s3://Upper_Case/x", /bucket name must be 3–63 lower-case/],
    ["s3://ab", /bucket name must be 3–63 lower-case/],
    ["s3://a..b/x", /two dots/],
    ["s3://bucket/../escape", /'\.' or '\.\.' segments/],
    ["s3://bucket/sp ace", /prefix may hold only/],
  ])("refuses %s with one line that says what is expected", (value, message) => {
    let error: unknown;
    try {
      parseStoreUrl(value, DEFAULT);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("bad_input");
    expect((error as DomainError).message).toMatch(message);
    expect((error as DomainError).message).toMatch(/^SITEWATCH_STORE_URL/);
    expect((error as DomainError).message).not.toContain("\n");
  });
});

describe("s3Settings", () => {
  it("reads the endpoint, region, path style and keys of the standard AWS variables", () => {
    expect(
      s3Settings({ AWS_ENDPOINT_URL: "http://localhost:9000", AWS_REGION: "eu-west-3", SITEWATCH_S3_PATH_STYLE: "1", AWS_ACCESS_KEY_ID: "id", AWS_SECRET_ACCESS_KEY: "secret" }),
    ).toEqual({ endpoint: "http://localhost:9000", region: "eu-west-3", forcePathStyle: true, credentials: { accessKeyId: "id", secretAccessKey: "secret" } });
    // AWS itself, the SDK's own credential chain.
    expect(s3Settings({})).toEqual({ endpoint: undefined, region: "us-east-1", forcePathStyle: false, credentials: undefined });
    expect(s3Settings({ AWS_ENDPOINT_URL: "http://a:1", AWS_ENDPOINT_URL_S3: "http://b:2", AWS_DEFAULT_REGION: "ap-south-1" })).toMatchObject({
      endpoint: "http://b:2",
      region: "ap-south-1",
    });
  });

  it("refuses an endpoint that is not an http(s) URL", () => {
    expect(() => s3Settings({ AWS_ENDPOINT_URL: "localhost:9000" })).toThrow(/AWS_ENDPOINT_URL must be an http\(s\) URL/);
  });
});
