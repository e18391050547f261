// GET /api/account/two-factor — whether your two-step sign-in is on and how many recovery codes are left (never the secret)
// POST /api/account/two-factor — {} → starts setting it up: a new secret, answered this once as { secret, otpauthUri, qrSvg }; not on until confirmed
import { EmptyInput } from "@/lib/accounts/account.schema";
import { startTwoFactor } from "@/lib/accounts/start-two-factor.server";
import { getTwoFactorStatus } from "@/lib/accounts/two-factor-status.server";
import { readJson, route } from "@/lib/http/route.server";

export const GET = route("workspace:read", async (_request, _ctx, actor) => Response.json(await getTwoFactorStatus(actor.id)));

export const POST = route("workspace:read", async (request, _ctx, actor) => {
  EmptyInput.parse(await readJson(request));
  return Response.json(await startTwoFactor({ actor }), { headers: { "Cache-Control": "no-store" } });
});
