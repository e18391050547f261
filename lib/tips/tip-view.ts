// A tip from the public as editors see it (GET /workspace/tips). Pure.

export interface TipView {
  id: string;
  siteSlug: string | null;
  body: string;
  contact: string | null;
  link: string | null;
  status: string;
  createdAt: string;
  /** How many tips came from the same address (hashed) in all. */
  fromSameSender: number;
}
