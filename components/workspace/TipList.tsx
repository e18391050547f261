"use client";
// Tips from the public, for editors: newest first, each with its status buttons.
import { useState } from "react";
import Link from "next/link";
import { formatDateTime } from "@/lib/format";
import { TIP_STATUS_LABELS, TIP_STATUSES, type TipStatus } from "@/lib/tips/tip-rules";
import type { TipView } from "@/lib/tips/tip-view";
import { callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";

export default function TipList({ tips }: { tips: TipView[] }) {
  const [status, setStatus] = useState<Record<string, TipStatus>>(() => Object.fromEntries(tips.map((t) => [t.id, t.status])));
  const [error, setError] = useState<string | null>(null);
  async function mark(id: string, next: TipStatus) {
    setError(null);
    try {
      await callApi(`/api/tips/${id}`, { method: "PATCH", body: { status: next } });
      setStatus((s) => ({ ...s, [id]: next }));
    } catch (e) {
      setError((e as Error).message);
    }
  }
  if (tips.length === 0) return <p className="muted">No tips yet.</p>;
  return (
    <>
      <ErrorAlert message={error} />
      <ol className="plain" data-testid="tips">
        {tips.map((t) => (
          <li key={t.id} className="change-item">
            <p className="small muted">
              {formatDateTime(t.createdAt)} · {t.siteSlug ? <Link href={`/workspace/sites/${t.siteSlug}`}>{t.siteSlug}</Link> : "no site named"} ·{" "}
              <span className="badge">{TIP_STATUS_LABELS[status[t.id] ?? t.status]}</span>
              {t.fromSameSender > 1 && <> · {t.fromSameSender} tips from the same address</>}
            </p>
            <p style={{ whiteSpace: "pre-wrap" }}>{t.body}</p>
            {t.link && (
              <p className="small">
                Link (not opened by Sitewatch; check it with care): <code>{t.link}</code>
              </p>
            )}
            {t.contact && <p className="small">Contact: {t.contact}</p>}
            <div className="row">
              {TIP_STATUSES.filter((s) => s !== "NEW").map((s) => (
                <button key={s} type="button" className="secondary" disabled={status[t.id] === s} onClick={() => mark(t.id, s)}>
                  Mark {TIP_STATUS_LABELS[s]}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}
