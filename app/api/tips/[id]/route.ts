// PATCH /api/tips/:id — an editor marks a tip read, acted on or discarded
import { readJson, route } from "@/lib/http/route.server";
import { setTipStatus } from "@/lib/tips/set-tip-status.server";

export const PATCH = route<{ params: Promise<{ id: string }> }>("review:queue", async (request, { params }, actor) => {
  await setTipStatus({ user: actor, id: (await params).id, input: await readJson(request) });
  return Response.json({ ok: true });
});
