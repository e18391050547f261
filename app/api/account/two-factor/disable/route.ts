// POST /api/account/two-factor/disable — { currentPassword, code } (from the app or a recovery code) → turns your two-step sign-in off
import { disableTwoFactor } from "@/lib/accounts/disable-two-factor.server";
import { DisableTwoFactorInput } from "@/lib/accounts/two-factor.schema";
import { clientIp, readJson, route } from "@/lib/http/route.server";

export const POST = route("workspace:read", async (request, _ctx, actor) => {
  const input = DisableTwoFactorInput.parse(await readJson(request));
  return Response.json(await disableTwoFactor({ actor, input, ip: clientIp(request) }));
});
