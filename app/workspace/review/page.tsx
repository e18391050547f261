// /workspace/review — the editors' queue of submitted changes
import type { Metadata } from "next";
import Link from "next/link";
import { toChangeView } from "@/lib/annotations/change-view";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { listReviewQueue } from "@/lib/review/review-queue.server";
import ReviewQueue from "@/components/workspace/ReviewQueue";

export const metadata: Metadata = { title: "Review queue" };
export const dynamic = "force-dynamic";

export default async function ReviewPage() {
  const user = await requirePageUser("/workspace/review", "review:queue");
  const queue = await listReviewQueue();
  return (
    <main>
      <h1>Review queue</h1>
      <p className="muted">Submitted changes, oldest first. You cannot review changes you wrote.</p>
      {queue.length === 0 && <p className="notice">Nothing is waiting for review.</p>}
      <ReviewQueue
        user={{ id: user.id, role: user.role }}
        items={queue.map((a) => ({ site: a.site, change: toChangeView(a) }))}
      />
      <p>
        <Link href="/workspace">Back to sites</Link>
      </p>
    </main>
  );
}
