// POST /api/account/set-password — { token, password }: the invited or reset person sets their password through a one-time link; nobody is signed in (they sign in at /login)
import { SetPasswordWithTokenInput } from "@/lib/accounts/account.schema";
import { setPasswordWithLink } from "@/lib/accounts/set-password-with-link.server";
import { readJsonLimited, route } from "@/lib/http/route.server";

export const POST = route("public", async (request) => {
  const input = SetPasswordWithTokenInput.parse(await readJsonLimited({ request, maxBytes: 16 * 1024 }));
  const { email } = await setPasswordWithLink({ input });
  return Response.json({ email, next: "/login" }, { headers: { "Cache-Control": "no-store" } });
});
