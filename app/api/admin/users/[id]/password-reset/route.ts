// POST /api/admin/users/:id/password-reset — {} → { link }: a one-time link (24 h) for the person to set a new password, shown once
import { EmptyInput } from "@/lib/accounts/account.schema";
import { issuePasswordReset } from "@/lib/accounts/issue-password-reset.server";
import { readJsonLimited, route } from "@/lib/http/route.server";

type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>("user:manage", async (request, ctx, actor) => {
  EmptyInput.parse(await readJsonLimited({ request, maxBytes: 16 * 1024 }));
  return Response.json({ link: await issuePasswordReset({ actor, userId: (await ctx.params).id }) }, { headers: { "Cache-Control": "no-store" } });
});
