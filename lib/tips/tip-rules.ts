// What a tip may hold and how many one address may send: one copy for the
// public form (its field limits) and the server (its checks). Pure, no zod, so
// public pages stay light.

/** Per-address limits (counted on a salted hash of the address) and field lengths in characters. */
export const TIP_LIMITS = { perHour: 5, perDay: 20, bodyMin: 10, bodyMax: 5000, linkMax: 2000, contactMax: 300, siteMax: 200 } as const;

/** Where editors are with a tip. */
export const TIP_STATUSES = ["NEW", "READ", "ACTED", "DISCARDED"] as const;
export type TipStatus = (typeof TIP_STATUSES)[number];

export const TIP_STATUS_LABELS: Record<TipStatus, string> = { NEW: "new", READ: "read", ACTED: "acted on", DISCARDED: "discarded" };
