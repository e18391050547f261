// The 409 for a writer holding an old version of a change.
import type { Tx } from "../db.server";
import { DomainError } from "../errors";
import { describeAction } from "./change-history";
import { annotationInclude, toChangeView, type StaleVersionDetails } from "./change-view";
import { listEventsForAnnotation } from "./list-annotation-events.server";
import { loadTypeLabels } from "./load-type-labels.server";

/**
 * The change as it is now and the events since the writer's version, so the
 * page can say who did what meanwhile. `what` completes "this change was … by
 * someone else" ("edited or moved").
 */
export async function staleVersionError(args: { tx: Tx; annotationId: string; heldVersion: number; what: string }): Promise<DomainError> {
  const { tx, heldVersion } = args;
  const current = await tx.annotation.findUniqueOrThrow({ where: { id: args.annotationId }, include: annotationInclude });
  const events = (await listEventsForAnnotation({ annotationId: args.annotationId, tx })).filter((e) => (e.annotationVersion ?? 0) > heldVersion);
  const last = events.at(-1);
  const who = last ? `: ${last.actor.name} ${describeAction(last.action)} it at ${last.createdAt.slice(0, 16).replace("T", " ")} UTC` : "";
  return new DomainError("conflict", `this change was ${args.what} by someone else since you loaded it${who}`, {
    details: { reason: "stale-version", heldVersion, current: toChangeView({ row: current, labels: await loadTypeLabels(tx) }), since: events } satisfies StaleVersionDetails,
  });
}
