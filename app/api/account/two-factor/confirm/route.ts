// POST /api/account/two-factor/confirm — { currentPassword, code } → turns two-step sign-in on; answers the ten recovery codes this once
import { confirmTwoFactor } from "@/lib/accounts/confirm-two-factor.server";
import { ConfirmTwoFactorInput } from "@/lib/accounts/two-factor.schema";
import { clientIp, readJson, route } from "@/lib/http/route.server";

export const POST = route("workspace:read", async (request, _ctx, actor) => {
  const input = ConfirmTwoFactorInput.parse(await readJson(request));
  return Response.json(await confirmTwoFactor({ actor, input, ip: clientIp(request) }), { headers: { "Cache-Control": "no-store" } });
});
