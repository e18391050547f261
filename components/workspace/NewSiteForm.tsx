"use client";
// Create a site: its fields and a footprint drawn on the map or pasted as GeoJSON.
// The footprint is checked live with the same module the server uses.
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import SiteMap from "@/components/map/SiteMap";
import type { BasemapConfig } from "@/components/map/basemap";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";
import { checkAreaStructure, extractGeometry, formatArea, validateAreaGeometry } from "@/lib/geo/area-geometry";
import { humanizeKind, SITE_KINDS, SITE_NAME, SITE_QUALIFIERS } from "@/lib/sites/site.schema";

export default function NewSiteForm({ basemap }: { basemap: BasemapConfig }) {
  const router = useRouter();
  const [footprint, setFootprint] = useState<unknown>(null);
  const [tool, setTool] = useState<"draw" | "edit">("draw");
  const [pasted, setPasted] = useState("");
  const [pasteError, setPasteError] = useState<string | null>(null);
  const [goTo, setGoTo] = useState<{ lon: number; lat: number; zoom: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const check = useMemo(() => (footprint ? validateAreaGeometry(footprint) : null), [footprint]);
  // Only a well-formed polygon can be shown on the map (a crossing one is, with its crossings flagged).
  const structure = useMemo(() => (footprint ? checkAreaStructure(footprint) : null), [footprint]);

  return (
    <div className="grid-2">
      <div>
        <form
          className="row panel"
          aria-label="Go to a place"
          onSubmit={(e) => {
            e.preventDefault();
            const v = String(new FormData(e.currentTarget).get("lonlat") ?? "");
            const [lon, lat] = v.split(/[ ,]+/).map(Number);
            if (Number.isFinite(lon) && Number.isFinite(lat)) setGoTo({ lon: lon!, lat: lat!, zoom: 14 });
          }}
        >
          <label className="inline">
            Go to lon, lat
            <input name="lonlat" placeholder="-34.87, -7.99" />
          </label>
          <button type="submit" className="secondary">
            Go
          </button>
        </form>
        <SiteMap
          basemap={basemap}
          sketch={{
            geometry: structure?.ok ? structure.geometry : null,
            onChange: setFootprint,
            tool,
            multi: false,
            onPartDrawn: () => setTool("edit"),
            markers: check && !check.ok ? (check.at ?? []).map((at) => ({ at, severity: "error" as const })) : [],
          }}
          goTo={goTo}
          label="Draw the site footprint: click to add corners, click the first corner or double-click to finish"
          height="520px"
        />
        <p className="small muted">
          Click to add corners; double-click, Enter or a click on the first corner finishes. Then drag a corner to move it, drag an edge to add one, Alt+click a corner to delete
          it.{" "}
          {tool === "edit" && (
            <button type="button" className="link" onClick={() => setTool("draw")}>
              Draw it again
            </button>
          )}
        </p>
      </div>
      <form
        className="stack panel"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          setError(null);
          if (!check?.ok) {
            setError(check ? `Footprint: ${check.message}` : "Draw the footprint on the map or paste it as GeoJSON.");
            return;
          }
          setBusy(true);
          try {
            const { site } = await callApi<{ site: { slug: string } }>("/api/sites", {
              body: {
                name: form.get("name"),
                kind: form.get("kind"),
                qualifier: form.get("qualifier"),
                country: form.get("country"),
                region: form.get("region"),
                description: form.get("description"),
                publicSummary: form.get("publicSummary"),
                footprint: check.geometry,
              },
            });
            router.push(`/workspace/sites/${site.slug}`);
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "could not reach the server");
            setBusy(false);
          }
        }}
      >
        <label>
          Name
          <input name="name" required minLength={SITE_NAME.min} maxLength={SITE_NAME.max} />
        </label>
        <div className="field-row">
          <label>
            Kind
            <select name="kind" required defaultValue="settlement">
              {SITE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {humanizeKind(k)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Public qualifier
            <select name="qualifier" required defaultValue="suspected">
              {SITE_QUALIFIERS.map((q) => (
                <option key={q} value={q}>
                  {q}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="field-row">
          <label>
            Country
            <input name="country" required />
          </label>
          <label>
            Region
            <input name="region" />
          </label>
        </div>
        <label>
          Internal description
          <textarea name="description" />
        </label>
        <label>
          Public summary
          <textarea name="publicSummary" />
        </label>
        <label>
          Or paste the footprint as GeoJSON (Polygon, MultiPolygon or a Feature)
          <textarea name="geojson" value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder='{"type":"Polygon","coordinates":[[[lon,lat],…]]}' />
        </label>
        <div className="row">
          <button
            type="button"
            className="secondary"
            onClick={() => {
              try {
                setFootprint(extractGeometry(JSON.parse(pasted)));
                setTool("edit");
                setPasteError(null);
              } catch {
                setPasteError("That is not valid JSON.");
              }
            }}
          >
            Use pasted GeoJSON
          </button>
        </div>
        {pasteError && <p className="error">{pasteError}</p>}
        <p aria-live="polite" data-testid="footprint-status" className={check && !check.ok ? "error" : "small muted"}>
          {!check ? "No footprint yet." : check.ok ? `Footprint: ${formatArea(check.areaM2)}` : `Footprint: ${check.message}`}
        </p>
        <ErrorAlert message={error} />
        <button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create site"}
        </button>
      </form>
    </div>
  );
}
