// PATCH /api/tips/:id — an editor marks a tip read, acted on or discarded
import { getRequestUser, readJson, route } from "@/lib/http/route.server";
import { setTipStatus } from "@/lib/tips/tips.server";

export const PATCH = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  await setTipStatus(await getRequestUser(), (await params).id, await readJson(request));
  return Response.json({ ok: true });
});
