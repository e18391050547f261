// The account audit trail: one append-only row per account action (the
// database refuses updates and deletes). Written in the same transaction as
// the action, so an action without its event cannot happen.
import type { Prisma } from "@prisma/client";
import { db, type Tx } from "../db.server";
import { describeAccountAction, type AccountAction } from "./account-rules";
import type { AccountEventView } from "./account-view";

export async function recordAccountEvent(
  tx: Tx,
  args: { actorId: string | null; subjectId: string; action: AccountAction; detail?: Record<string, unknown>; now?: Date },
): Promise<void> {
  await tx.accountEvent.create({
    data: { actorId: args.actorId, subjectId: args.subjectId, action: args.action, detail: JSON.stringify(args.detail ?? {}), createdAt: args.now ?? new Date() },
  });
}

const PERSON = { select: { id: true, email: true, name: true } } as const;

function parseDetail(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The latest account events, newest first (optionally about one person). */
export async function listAccountEvents({ limit = 50, subjectId }: { limit?: number; subjectId?: string } = {}): Promise<AccountEventView[]> {
  const where: Prisma.AccountEventWhereInput = subjectId ? { subjectId } : {};
  const rows = await db.accountEvent.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, limit), 500),
    include: { actor: PERSON, subject: PERSON },
  });
  return rows.map((r) => {
    const detail = parseDetail(r.detail);
    return { id: r.id, at: r.createdAt.toISOString(), action: r.action, actor: r.actor, subject: r.subject, detail, summary: describeAccountAction(r.action, detail) };
  });
}
