// GET /api/admin/users — every account (admins) · POST /api/admin/users — invite { email, name, role } → 201 { user, link } (the one-time link, shown once)
import { InviteUserInput } from "@/lib/accounts/account.schema";
import { inviteUser } from "@/lib/accounts/invite-user.server";
import { listUsers } from "@/lib/accounts/list-users.server";
import { readJsonLimited, route } from "@/lib/http/route.server";

export const GET = route("user:manage", async () => Response.json({ users: await listUsers() }));

export const POST = route("user:manage", async (request, _ctx, actor) => {
  const input = InviteUserInput.parse(await readJsonLimited({ request, maxBytes: 16 * 1024 }));
  return Response.json(await inviteUser({ actor, input }), { status: 201, headers: { "Cache-Control": "no-store" } });
});
