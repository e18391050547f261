// Everything that happened to a change, oldest first.
import { db, type Tx } from "../db.server";
import { toEventView, type EventView } from "./change-view";

export async function listEventsForAnnotation(args: { annotationId: string; tx?: Tx }): Promise<EventView[]> {
  const events = await (args.tx ?? db).reviewEvent.findMany({
    where: { annotationId: args.annotationId },
    include: { actor: { select: { id: true, name: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return events.map(toEventView);
}
