// Every route × every role, from lib/http/route-rules.ts: a capability route
// answers 401 to an anonymous caller, 403 to a role without the capability and
// neither to a role with it; a public route answers neither to anyone. Writes
// go to unknown ids or carry an invalid body, so a role that passes the check
// stops at 400/404 and the demo data the other journeys build on stays as it is.
// That every handler on disk has a rule is checked in lib/http/route-rules.test.ts.
import type { Role } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasCapability } from "@/lib/auth/roles";
import { listRouteRules, type RouteNeed } from "@/lib/http/route-rules";
import { baseUrl, DEMO_PASSWORD, queryDb } from "./helpers";

const CALLERS = ["anonymous", "ANALYST", "EDITOR", "ADMIN"] as const;
type Caller = (typeof CALLERS)[number];
const ACCOUNTS: Record<Role, string> = { ANALYST: "analyst@example.org", EDITOR: "editor@example.org", ADMIN: "admin@example.org" };

/** Looks like an id (cuid / uuid) but names nothing. */
const UNKNOWN_ID = "c0000000000000000000000000";
const UNKNOWN_JOB = "3f2a1c4e-1b2d-4c3e-9f00-000000000000";
/** A JSON body no write accepts (every input schema wants an object). */
const INVALID_BODY = JSON.stringify("route-roles: not a valid body");

/** Tables a write could touch; their fingerprint must not move while the matrix runs. */
const WATCHED = [
  "User",
  "Site",
  "Scene",
  "SiteScene",
  "Annotation",
  "AnnotationRevision",
  "Comment",
  "ReviewEvent",
  "Release",
  "ChangeCandidate",
  "Job",
  "ChangeTypeDef",
  "AppSetting",
  "Tip",
];

let ids: { siteId: string; sceneId: string; annotationId: string };
const cookies = new Map<Caller, string | undefined>([["anonymous", undefined]]);

function fingerprint(): Record<string, unknown> {
  return Object.fromEntries(
    WATCHED.map((t) => [t, queryDb<Record<string, unknown>>(`select count(*) as n, ${t === "Site" || t === "Annotation" ? "sum(version)" : "0"} as v from "${t}"`)[0]]),
  );
}

let before: Record<string, unknown>;

beforeAll(async () => {
  const [site] = queryDb<{ id: string }>("select id from Site where slug = 'olinda'");
  ids = {
    siteId: site!.id,
    sceneId: queryDb<{ id: string }>("select id from Scene limit 1")[0]!.id,
    annotationId: queryDb<{ id: string }>("select id from Annotation where siteId = ? limit 1", site!.id)[0]!.id,
  };
  for (const role of ["ANALYST", "EDITOR", "ADMIN"] as const) {
    const r = await fetch(`${baseUrl()}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: ACCOUNTS[role], password: DEMO_PASSWORD }),
    });
    expect(r.status, `sign in as ${role}`).toBe(200);
    expect((await r.json()).user.role).toBe(role);
    cookies.set(role, r.headers.get("set-cookie")!.split(";")[0]!);
  }
  before = fingerprint();
});

afterAll(() => {
  // Only when the matrix ran (beforeAll may have failed).
  if (before) expect(fingerprint(), "the matrix changed the demo data").toEqual(before);
});

/**
 * The URL to call: reads go to things that exist (cheap: one site, one scene,
 * one change), writes to ids that name nothing; public pages to the demo site.
 */
function urlFor(routePath: string, method: string): string {
  const write = method !== "GET" && method !== "HEAD";
  const filled = routePath.replace(/\[(\w+)\]/g, (_m, name: string) => {
    if (name === "slug") return "olinda";
    if (name === "collectionId") return "changes";
    if (name === "featureId" || name === "item" || name === "key" || name === "file") return "route-roles-unknown";
    if (name === "sceneId") return UNKNOWN_ID; // a tile of nothing: no rendering
    if (name === "n") return "1"; // the demo's release 1
    if (name === "z" || name === "x") return "0";
    if (name === "y") return "0.webp";
    if (name === "id") {
      if (write) return routePath.startsWith("/api/jobs/") ? UNKNOWN_JOB : UNKNOWN_ID;
      if (routePath.startsWith("/api/sites/")) return ids.siteId;
      if (routePath.startsWith("/api/scenes/")) return ids.sceneId;
      if (routePath.startsWith("/api/annotations/")) return ids.annotationId;
      if (routePath.startsWith("/api/jobs/")) return UNKNOWN_JOB;
      return UNKNOWN_ID;
    }
    throw new Error(`route-roles: no value for [${name}] in ${routePath}; add one in urlFor`);
  });
  return `${baseUrl()}${filled}`;
}

function expected(need: RouteNeed, caller: Caller): "allowed" | 401 | 403 {
  if (need === "public") return "allowed";
  if (caller === "anonymous") return 401;
  return hasCapability({ role: caller, capability: need }) ? "allowed" : 403;
}

// Signing out ends the caller's session: those rows go last.
const rules = listRouteRules().sort((a, b) => Number(a.path === "/api/auth/logout") - Number(b.path === "/api/auth/logout"));

describe.each(rules)("$method $path ($need)", ({ path: routePath, method, need }) => {
  it.each(CALLERS)("as %s", async (caller) => {
    const write = method !== "GET" && method !== "HEAD";
    // No Origin header: the same-origin check lets it through, so only the need decides.
    const r = await fetch(urlFor(routePath, method), {
      method,
      redirect: "manual",
      headers: { ...(write ? { "Content-Type": "application/json" } : {}), ...(cookies.get(caller) ? { cookie: cookies.get(caller)! } : {}) },
      body: write ? INVALID_BODY : undefined,
    });
    const body = method === "HEAD" ? "" : await r.text();
    const want = expected(need, caller);
    const what = `${method} ${routePath} as ${caller} → ${r.status} ${body.slice(0, 200)}`;
    if (want === "allowed") {
      expect([401, 403], what).not.toContain(r.status);
      expect(r.status, what).toBeLessThan(500);
    } else {
      expect(r.status, what).toBe(want);
      if (method !== "HEAD") expect(JSON.parse(body).error.code, what).toBe(want === 401 ? "not_signed_in" : "forbidden");
    }
  });
});
