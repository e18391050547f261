// Tips from the public: a message, an optional way to reach the sender and an
// optional link, about a site or in general. Stored for editors and never
// shown publicly. Abuse controls: length limits, a honeypot field that people
// never see (a filled one is thanked and dropped), and a per-address limit
// counted on a salted hash of the address, so the address itself is not kept.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Tip } from "@prisma/client";
import type { TipView } from "./tip-view";
import { requireCapability, type SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";

export const TIP_LIMITS = { perHour: 5, perDay: 20, bodyMax: 5000, bodyMin: 10 } as const;
export const TIP_STATUSES = ["NEW", "READ", "ACTED", "DISCARDED"] as const;

const optionalText = (max: number, what: string) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(max, `${what} can be at most ${max} characters`).optional());

export const TipInput = z.object({
  message: z
    .string({ message: "write your tip in the message" })
    .trim()
    .min(TIP_LIMITS.bodyMin, `the message needs at least ${TIP_LIMITS.bodyMin} characters`)
    .max(TIP_LIMITS.bodyMax, `the message can be at most ${TIP_LIMITS.bodyMax} characters`),
  contact: optionalText(300, "the contact"),
  link: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .trim()
      .max(2000, "the link can be at most 2,000 characters")
      .url("the link must be a full web address, starting with https://")
      .refine((u) => /^https?:\/\//i.test(u), "the link must start with http:// or https://")
      .optional(),
  ),
  site: optionalText(200, "the site"),
  /** The honeypot: a field hidden from people; software that fills every field fills it. */
  website: z.string().optional(),
});
export type TipInput = z.input<typeof TipInput>;

async function salt(): Promise<string> {
  const row = await db.appSetting.findUnique({ where: { key: "tipSalt" } });
  if (row) return JSON.parse(row.value) as string;
  const value = randomBytes(32).toString("hex");
  await db.appSetting.upsert({ where: { key: "tipSalt" }, create: { key: "tipSalt", value: JSON.stringify(value) }, update: {} });
  return JSON.parse((await db.appSetting.findUniqueOrThrow({ where: { key: "tipSalt" } })).value) as string;
}

export async function senderKeyOf(address: string): Promise<string> {
  return createHash("sha256")
    .update(`${await salt()}:${address}`)
    .digest("hex");
}

/** Stores a tip; `stored: false` when the honeypot was filled (the sender is told the same as anyone). */
export async function submitTip({ input, address, now = new Date() }: { input: unknown; address: string; now?: Date }): Promise<{ stored: boolean }> {
  const data = TipInput.parse(input);
  if (data.website && data.website.trim() !== "") return { stored: false };
  const senderKey = await senderKeyOf(address);
  const hourAgo = new Date(now.getTime() - 3600_000);
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  const [lastHour, lastDay] = await Promise.all([
    db.tip.count({ where: { senderKey, createdAt: { gt: hourAgo } } }),
    db.tip.count({ where: { senderKey, createdAt: { gt: dayAgo } } }),
  ]);
  if (lastHour >= TIP_LIMITS.perHour || lastDay >= TIP_LIMITS.perDay) {
    const limit = lastHour >= TIP_LIMITS.perHour ? `${TIP_LIMITS.perHour} an hour` : `${TIP_LIMITS.perDay} a day`;
    throw new DomainError("rate_limited", `you have sent ${limit}, the most we accept from one address; please try again later`, {
      retryAfterS: lastHour >= TIP_LIMITS.perHour ? 3600 : 24 * 3600,
    });
  }
  let siteSlug: string | null = null;
  if (data.site) {
    // Only a published site can be named (the form sits on public pages); anything else is kept as "general".
    const published = await db.release.findFirst({ where: { site: { slug: data.site } }, select: { id: true } });
    siteSlug = published ? data.site : null;
  }
  await db.tip.create({ data: { body: data.message, contact: data.contact ?? null, link: data.link ?? null, siteSlug, senderKey, createdAt: now } });
  return { stored: true };
}

/** The latest 500 tips, newest first, optionally of one status; needs review:queue. */
export async function listTips({ user, filter = {} }: { user: SessionUser | null; filter?: { status?: string } }): Promise<TipView[]> {
  requireCapability({ user: user, capability: "review:queue" });
  const status = TIP_STATUSES.find((s) => s === filter.status);
  const tips = await db.tip.findMany({ where: status ? { status } : {}, orderBy: { createdAt: "desc" }, take: 500 });
  const counts = new Map<string, number>();
  for (const g of await db.tip.groupBy({ by: ["senderKey"], _count: { _all: true } })) counts.set(g.senderKey, g._count._all);
  return tips.map((t: Tip) => ({
    id: t.id,
    siteSlug: t.siteSlug,
    body: t.body,
    contact: t.contact,
    link: t.link,
    status: t.status,
    createdAt: t.createdAt.toISOString(),
    fromSameSender: counts.get(t.senderKey) ?? 1,
  }));
}

export const TipStatusInput = z.object({ status: z.enum(TIP_STATUSES, { message: `status is one of ${TIP_STATUSES.join(", ")}` }) });

/** Sets the status of tip `id` (`input` parsed with TipStatusInput); needs review:queue. */
export async function setTipStatus({ user, id, input }: { user: SessionUser | null; id: string; input: unknown }): Promise<void> {
  requireCapability({ user: user, capability: "review:queue" });
  const { status } = TipStatusInput.parse(input);
  const r = await db.tip.updateMany({ where: { id }, data: { status } });
  if (r.count === 0) throw new DomainError("not_found", "no such tip");
}
