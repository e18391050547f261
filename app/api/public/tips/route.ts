// POST /api/public/tips — a tip from the public (rate-limited per address, honeypot, length limits); 202 whatever the honeypot says
import { clientIp, readJsonLimited, route } from "@/lib/http/route.server";
import { submitTip } from "@/lib/tips/submit-tip.server";

export const POST = route("public", async (request) => {
  await submitTip({ input: await readJsonLimited({ request, maxBytes: 32 * 1024 }), address: clientIp(request) });
  return Response.json({ ok: true, message: "Thank you. Editors read every tip; nothing you sent is published." }, { status: 202 });
});
