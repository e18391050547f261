"use client";
// Create a site: its fields and a footprint drawn on the map or pasted as GeoJSON.
// The footprint is checked live with the same module the server uses (FootprintFields).
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { BasemapConfig } from "@/components/map/basemap";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";
import { FootprintMapPanel, FootprintPasteField, footprintProblem, useFootprintDraft } from "./FootprintFields";
import SiteFieldInputs, { readSiteFields } from "./SiteFieldInputs";

export default function NewSiteForm({ basemap }: { basemap: BasemapConfig }) {
  const router = useRouter();
  const draft = useFootprintDraft();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  return (
    <div className="grid-2">
      <FootprintMapPanel draft={draft} basemap={basemap} />
      <form
        className="stack panel"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          setError(null);
          const problem = footprintProblem(draft);
          if (problem || !draft.check?.ok) {
            setError(problem);
            return;
          }
          setBusy(true);
          try {
            const { site } = await callApi<{ site: { slug: string } }>("/api/sites", { body: { ...readSiteFields(form), footprint: draft.check.geometry } });
            router.push(`/workspace/sites/${site.slug}`);
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "could not reach the server");
            setBusy(false);
          }
        }}
      >
        <SiteFieldInputs />
        <FootprintPasteField draft={draft} />
        <ErrorAlert message={error} />
        <button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create site"}
        </button>
      </form>
    </div>
  );
}
