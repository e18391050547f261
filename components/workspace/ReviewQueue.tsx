"use client";
// The editors' queue: each submitted change with its before/after imagery side
// by side (one at a time, to keep the page light), and approve / request
// changes / reject without leaving the page.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Role } from "@prisma/client";
import type { BasemapConfig } from "@/components/map/basemap";
import type { ReviewQueueItem } from "@/lib/review/review-views";
import { formatDateTime } from "@/lib/format";
import ChangeCard from "./ChangeCard";
import ReviewCompare from "./ReviewCompare";

function waiting(sinceIso: string, now: number): string {
  const days = Math.floor((now - Date.parse(sinceIso)) / 86_400_000);
  if (days >= 1) return `waiting ${days} day${days === 1 ? "" : "s"}`;
  const hours = Math.floor((now - Date.parse(sinceIso)) / 3_600_000);
  return hours >= 1 ? `waiting ${hours} hour${hours === 1 ? "" : "s"}` : "just submitted";
}

export default function ReviewQueue({ user, items, basemap, now }: { user: { id: string; role: Role }; items: ReviewQueueItem[]; basemap: BasemapConfig; now: number }) {
  const router = useRouter();
  const [open, setOpen] = useState<string | null>(items[0]?.change.id ?? null);
  return (
    <div data-testid="review-queue" className="stack">
      {items.map(({ site, change, before, after }) => (
        <section key={`${change.id}:${change.version}`} className="panel" data-queue-item={change.id}>
          <p className="small row" style={{ margin: 0, justifyContent: "space-between" }}>
            <span>
              <Link href={`/workspace/sites/${site.slug}`}>{site.name}</Link> · {waiting(change.statusChangedAt, now)} (since {formatDateTime(change.statusChangedAt)})
            </span>
            <Link href={`/workspace/sites/${site.slug}?change=${change.id}`}>Open on the map over its after scene</Link>
          </p>
          <button type="button" className="secondary small" aria-expanded={open === change.id} onClick={() => setOpen((o) => (o === change.id ? null : change.id))}>
            {open === change.id ? "Hide the imagery" : "Compare the imagery"}
          </button>
          {open === change.id && <ReviewCompare change={change} before={before} after={after} basemap={basemap} />}
          <ChangeCard change={change} user={user} onChanged={() => router.refresh()} />
        </section>
      ))}
    </div>
  );
}
