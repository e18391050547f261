// Tips from the public: a message, an optional way to reach the sender and an
// optional link, about a site or in general. Stored for editors and never
// shown publicly. Abuse controls: length limits, a honeypot field that people
// never see (a filled one is thanked and dropped), and a per-address limit
// counted on a salted hash of the address, so the address itself is not kept.
import { db } from "../db.server";
import { DomainError } from "../errors";
import { senderKeyOf } from "./sender-key.server";
import { TipInput } from "./tip.schema";
import { TIP_LIMITS } from "./tip-rules";

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
