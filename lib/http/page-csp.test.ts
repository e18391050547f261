import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { frameAncestorsOf, inlineScripts, pageCsp } from "./page-csp";

const sha = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;

describe("a page's Content-Security-Policy", () => {
  const html = `<!DOCTYPE html><html><head><script src="/_next/static/a.js" async></script><script>self.__next_f=[]</script></head>
<body><script type="module">import("/x.js")</script><SCRIPT id="r">$RC("B:0","S:0")</SCRIPT><script>self.__next_f=[]</script></body></html>`;

  it("lists each inline script by its sha256, once, and no script loaded by src", () => {
    expect(inlineScripts(html)).toEqual(["self.__next_f=[]", 'import("/x.js")', '$RC("B:0","S:0")', "self.__next_f=[]"]);
    const csp = pageCsp(html, "'none'");
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src "))!;
    expect(scriptSrc).toBe(`script-src 'self' ${sha("self.__next_f=[]")} ${sha('import("/x.js")')} ${sha('$RC("B:0","S:0")')}`);
    expect(csp).not.toContain("unsafe-inline'; script");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it("hashes the script's UTF-8 bytes as the browser does", () => {
    const text = 'self.__next_f.push([1,"Recife — Olinda, São Paulo"])';
    expect(pageCsp(`<script>${text}</script>`, "'none'")).toContain(sha(text));
  });

  it("keeps the framing rule it is given: none for a page, anyone for an embed", () => {
    expect(pageCsp(html, frameAncestorsOf("frame-ancestors 'none'"))).toMatch(/frame-ancestors 'none'$/);
    expect(pageCsp(html, frameAncestorsOf("frame-ancestors *"))).toMatch(/frame-ancestors \*$/);
    expect(frameAncestorsOf(undefined)).toBe("'none'");
  });
});
