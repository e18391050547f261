"use client";
import { useState } from "react";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";

export default function PublishReleaseForm({ siteId, approvedCount, onPublished }: { siteId: string; approvedCount: number; onPublished: (n: number) => void }) {
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="stack"
      aria-label="Publish a release"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const { release } = await callApi<{ release: { number: number } }>(`/api/sites/${siteId}/releases`, { body: { note } });
          setNote("");
          onPublished(release.number);
        } catch (err) {
          setError(err instanceof ApiError ? err.message : "could not reach the server");
        } finally {
          setBusy(false);
        }
      }}
    >
      <p className="small">
        {approvedCount} approved change{approvedCount === 1 ? "" : "s"} will be published. Published changes stay public until retracted.
      </p>
      <label>
        Release note (public)
        <textarea value={note} onChange={(e) => setNote(e.target.value)} required minLength={3} />
      </label>
      <ErrorAlert message={error} />
      <button type="submit" disabled={busy}>
        {busy ? "Publishing…" : "Publish release"}
      </button>
    </form>
  );
}
