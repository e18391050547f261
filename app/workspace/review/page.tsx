// /workspace/review — the editors' queue of submitted changes, filterable (site, type, analyst, age) through the URL
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { config } from "@/lib/config.server";
import { QUEUE_AGES, ReviewQueueFilters } from "@/lib/review/review-queue.schema";
import { listReviewQueue } from "@/lib/review/review-queue.server";
import ReviewQueue from "@/components/workspace/ReviewQueue";

export const metadata: Metadata = { title: "Review queue" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ReviewPage({ searchParams }: Props) {
  const user = await requirePageUser({ returnTo: "/workspace/review", capability: "review:queue" });
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = ReviewQueueFilters.safeParse(raw);
  const filters: Partial<ReviewQueueFilters> = parsed.success ? parsed.data : {};
  const queue = await listReviewQueue({ filters });
  const filtered = Object.values(filters).some(Boolean);
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request: the waiting times are counted from this request
  const now = Date.now();
  return (
    <main>
      <h1>Review queue</h1>
      <p className="muted">Submitted changes, longest waiting first. You cannot review changes you wrote or revised.</p>
      <form className="row panel small" method="get" aria-label="Filter the queue">
        <label className="inline">
          Site
          <select name="site" defaultValue={filters.site ?? ""}>
            <option value="">any</option>
            {queue.options.sites.map((s) => (
              <option key={s.slug} value={s.slug}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Type
          <select name="type" defaultValue={filters.type ?? ""}>
            <option value="">any</option>
            {queue.options.types.map((t) => (
              <option key={t.key} value={t.key}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Analyst
          <select name="analyst" defaultValue={filters.analyst ?? ""}>
            <option value="">any</option>
            {queue.options.analysts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Waiting at least
          <select name="age" defaultValue={filters.age ?? ""}>
            <option value="">any time</option>
            {Object.entries(QUEUE_AGES).map(([k, days]) => (
              <option key={k} value={k}>
                {days} day{days === 1 ? "" : "s"}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary">
          Filter
        </button>
        {filtered && <Link href="/workspace/review">Clear filters</Link>}
      </form>
      {!parsed.success && <p className="error">Some filters in the address were not understood and are ignored.</p>}
      <p className="small muted" data-testid="queue-count">
        {queue.items.length} change{queue.items.length === 1 ? "" : "s"} {filtered ? "match these filters" : "waiting for review"}.
      </p>
      {queue.items.length === 0 && <p className="notice">{filtered ? "Nothing waiting matches these filters." : "Nothing is waiting for review."}</p>}
      <ReviewQueue user={{ id: user.id, role: user.role }} items={queue.items} basemap={{ tileUrl: config.basemapUrl, attribution: config.basemapAttribution }} now={now} />
      <p>
        <Link href="/workspace">Back to sites</Link>
      </p>
    </main>
  );
}
