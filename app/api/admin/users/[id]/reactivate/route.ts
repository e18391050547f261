// POST /api/admin/users/:id/reactivate — {} → the account can sign in again
import { EmptyInput } from "@/lib/accounts/account.schema";
import { reactivateUser } from "@/lib/accounts/reactivate-user.server";
import { readJsonLimited, route } from "@/lib/http/route.server";

type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>("user:manage", async (request, ctx, actor) => {
  EmptyInput.parse(await readJsonLimited({ request, maxBytes: 16 * 1024 }));
  return Response.json({ user: await reactivateUser({ actor, userId: (await ctx.params).id }) });
});
