// A tip from the public as editors see it (GET /workspace/tips). Pure.
import type { Tip } from "@prisma/client";
import { TIP_STATUSES, type TipStatus } from "./tip-rules";

export interface TipView {
  id: string;
  siteSlug: string | null;
  body: string;
  contact: string | null;
  link: string | null;
  status: TipStatus;
  createdAt: string;
  /** How many tips came from the same address (hashed) in all. */
  fromSameSender: number;
}

/** `fromSameSender`: how many tips the same (hashed) address sent in all. The address itself is never kept. */
export function toTipView(args: { tip: Tip; fromSameSender: number }): TipView {
  const t = args.tip;
  const status = TIP_STATUSES.find((s) => s === t.status) ?? "NEW";
  return { id: t.id, siteSlug: t.siteSlug, body: t.body, contact: t.contact, link: t.link, status, createdAt: t.createdAt.toISOString(), fromSameSender: args.fromSameSender };
}
