// POST /api/account/password — { currentPassword, newPassword }: changes your password and ends your other sessions
import { ChangePasswordInput } from "@/lib/accounts/account.schema";
import { changeOwnPassword } from "@/lib/accounts/change-own-password.server";
import { currentSessionId } from "@/lib/accounts/current-session.server";
import { clientIp, readJsonLimited, route } from "@/lib/http/route.server";

export const POST = route("workspace:read", async (request, _ctx, actor) => {
  const input = ChangePasswordInput.parse(await readJsonLimited({ request, maxBytes: 16 * 1024 }));
  return Response.json(await changeOwnPassword({ actor, currentSessionId: await currentSessionId(), input, ip: clientIp(request) }));
});
