// POST /api/admin/users/:id/two-factor-reset — {} → turns the person's two-step sign-in off (lost phone and codes); 409 when it is not on, or for yourself
import { EmptyInput } from "@/lib/accounts/account.schema";
import { resetTwoFactor } from "@/lib/accounts/reset-two-factor.server";
import { readJson, route } from "@/lib/http/route.server";

type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>("user:manage", async (request, ctx, actor) => {
  EmptyInput.parse(await readJson(request));
  return Response.json(await resetTwoFactor({ actor, userId: (await ctx.params).id }));
});
