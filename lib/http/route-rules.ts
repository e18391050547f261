// What every route handler needs from its caller, in one list. Pure.
// Each handler also names its need in `route(need, …)`; tests/e2e/route-roles.test.ts
// reads the route files, fails when a (path, method) is missing here or listed
// here without a handler, and sends every route a request as every role to check
// that the server answers as this list says. Add a route: add its line here.
import type { Capability } from "../auth/roles";

/** What a route handler needs from its caller: nothing ("public"), or a signed-in user holding a capability. */
export type RouteNeed = "public" | Capability;
export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

/** Route path as its App Router folder under app/ (dynamic segments in brackets) → method → need. */
export const ROUTE_RULES: Readonly<Record<string, Partial<Record<HttpMethod, RouteNeed>>>> = {
  // Sign-in and sign-out are for anyone.
  "/api/auth/login": { POST: "public" },
  "/api/auth/logout": { POST: "public" },
  // The code step of two-step sign-in: the challenge from the password step is the credential.
  "/api/auth/second-factor": { POST: "public" },
  // Who is signed in in this browser (null when nobody): the header is drawn from it.
  "/api/session": { GET: "public" },

  // The workspace: sites, scenes, changes, detection, jobs.
  "/api/sites": { GET: "workspace:read", POST: "site:create" },
  "/api/sites/[id]": { GET: "workspace:read", PATCH: "site:edit" },
  "/api/sites/[id]/scenes": { GET: "workspace:read", POST: "scene:upload" },
  "/api/sites/[id]/annotations": { GET: "workspace:read", POST: "annotation:create" },
  "/api/sites/[id]/candidates": { GET: "workspace:read" },
  "/api/sites/[id]/detect": { POST: "annotation:create" },
  "/api/sites/[id]/detect-series": { POST: "annotation:create" },
  "/api/sites/[id]/releases": { POST: "release:publish" },
  "/api/sites/[id]/releases/preview": { GET: "release:publish" },
  "/api/scenes/[id]": { GET: "workspace:read", PATCH: "release:publish", DELETE: "scene:upload" },
  "/api/scenes/[id]/cog": { GET: "workspace:read", HEAD: "workspace:read" },
  "/api/scenes/[id]/original": { GET: "workspace:read", HEAD: "workspace:read" },
  "/api/annotations/[id]": { GET: "workspace:read", PATCH: "annotation:create" },
  "/api/annotations/[id]/events": { GET: "workspace:read" },
  "/api/annotations/[id]/history": { GET: "workspace:read" },
  // Comments are for every signed-in person, readers included.
  "/api/annotations/[id]/comments": { GET: "workspace:read", POST: "workspace:read" },
  // Who may make which move (four eyes, own drafts) is decided by the review table in lib/review.
  "/api/annotations/[id]/transitions": { POST: "workspace:read" },
  "/api/candidates/[id]/accept": { POST: "annotation:create" },
  "/api/candidates/[id]/dismiss": { POST: "annotation:create" },
  // The starter or an admin only: decided in lib/ once the job is found.
  "/api/jobs": { GET: "job:manage" },
  "/api/jobs/[id]": { GET: "workspace:read" },
  "/api/jobs/[id]/cancel": { POST: "workspace:read" },
  "/api/jobs/[id]/retry": { POST: "workspace:read" },
  "/api/review/queue": { GET: "review:queue" },
  "/api/tips/[id]": { PATCH: "review:queue" },
  "/api/settings": { GET: "workspace:read", PATCH: "settings:manage" },
  "/api/settings/change-types": { POST: "settings:manage" },
  "/api/settings/change-types/[key]": { PATCH: "settings:manage" },

  // Accounts: admins manage everyone's; every signed-in person their own password and sessions.
  "/api/admin/users": { GET: "user:manage", POST: "user:manage" },
  "/api/admin/users/[id]": { PATCH: "user:manage" },
  "/api/admin/users/[id]/deactivate": { POST: "user:manage" },
  "/api/admin/users/[id]/reactivate": { POST: "user:manage" },
  "/api/admin/users/[id]/password-reset": { POST: "user:manage" },
  "/api/admin/users/[id]/two-factor-reset": { POST: "user:manage" },
  "/api/admin/account-events": { GET: "user:manage" },
  "/api/account/password": { POST: "workspace:read" },
  "/api/account/sessions": { GET: "workspace:read" },
  "/api/account/sessions/[id]": { DELETE: "workspace:read" },
  "/api/account/sign-out-everywhere": { POST: "workspace:read" },
  "/api/account/two-factor": { GET: "workspace:read", POST: "workspace:read" },
  "/api/account/two-factor/confirm": { POST: "workspace:read" },
  "/api/account/two-factor/disable": { POST: "workspace:read" },
  // The one-time link to set a password is the credential: no session.
  "/api/account/set-password": { POST: "public" },

  // The public: release snapshots only, and tips in.
  "/api/public/sites": { GET: "public" },
  "/api/public/sites/[slug]": { GET: "public" },
  "/api/public/sites/[slug]/changes.csv": { GET: "public" },
  "/api/public/sites/[slug]/releases": { GET: "public" },
  "/api/public/sites/[slug]/changes.geojson": { GET: "public" },
  "/api/public/sites/[slug]/stac/catalog.json": { GET: "public" },
  "/api/public/sites/[slug]/chips/[file]": { GET: "public" },
  "/api/public/sites/[slug]/stac/items/[item]": { GET: "public" },
  "/api/public/tips": { POST: "public" },
  "/sites/[slug]/releases/[n]/archive.zip": { GET: "public" },
  "/.well-known/sitewatch-keys.json": { GET: "public" },
  "/tiles/[sceneId]/[z]/[x]/[y]": { GET: "public" },
  "/basemap/countries": { GET: "public" },
  "/ogc": { GET: "public" },
  "/ogc/api": { GET: "public" },
  "/ogc/conformance": { GET: "public" },
  "/ogc/collections": { GET: "public" },
  "/ogc/collections/[collectionId]": { GET: "public" },
  "/ogc/collections/[collectionId]/items": { GET: "public" },
  "/ogc/collections/[collectionId]/items/[featureId]": { GET: "public" },
};

/** The list flattened, in the order written: one entry per (path, method). */
export function listRouteRules(): { path: string; method: HttpMethod; need: RouteNeed }[] {
  return Object.entries(ROUTE_RULES).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, need]) => ({ path, method: method as HttpMethod, need: need as RouteNeed })),
  );
}
