"use client";
// A site footprint being drawn or pasted, checked live with the same module the
// server uses (lib/geo): the new-site form and the site edit form both use it.
// useFootprintDraft holds the geometry and its checks; FootprintMapPanel draws
// and edits it on the map; FootprintPasteField takes GeoJSON and says what the
// checks found.
import { useMemo, useState } from "react";
import SiteMap from "@/components/map/SiteMap";
import type { BasemapConfig } from "@/components/map/basemap";
import { checkAreaStructure, extractGeometry, formatArea } from "@/lib/geo/area-geometry";
import { checkFootprint } from "@/lib/geo/footprint-rules";

export function useFootprintDraft(initial: unknown = null) {
  const [footprint, setFootprint] = useState<unknown>(initial);
  const [tool, setTool] = useState<"draw" | "edit">(initial ? "edit" : "draw");
  // The rules the server applies to a footprint (lib/geo/footprint-rules.ts), live.
  const check = useMemo(() => (footprint ? checkFootprint(footprint) : null), [footprint]);
  // Only a well-formed polygon can be shown on the map (a crossing one is, with its crossings flagged).
  const structure = useMemo(() => (footprint ? checkAreaStructure(footprint) : null), [footprint]);
  return { footprint, setFootprint, tool, setTool, check, structure };
}

export type FootprintDraft = ReturnType<typeof useFootprintDraft>;

/** The footprint's problem as the forms say it, or null when it may be saved. */
export function footprintProblem(draft: FootprintDraft): string | null {
  if (!draft.check) return "Draw the footprint on the map or paste it as GeoJSON.";
  return draft.check.ok ? null : `Footprint: ${draft.check.message}`;
}

export function FootprintMapPanel({ draft, basemap, fitBbox }: { draft: FootprintDraft; basemap: BasemapConfig; fitBbox?: [number, number, number, number] | null }) {
  const [goTo, setGoTo] = useState<{ lon: number; lat: number; zoom: number } | null>(null);
  const { check, structure, tool, setTool } = draft;
  return (
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
          onChange: draft.setFootprint,
          tool,
          multi: false,
          onPartDrawn: () => setTool("edit"),
          markers: check && !check.ok ? (check.at ?? []).map((at) => ({ at, severity: "error" as const })) : [],
        }}
        fitBbox={fitBbox ?? null}
        goTo={goTo}
        label="Draw the site footprint: click to add corners, click the first corner or double-click to finish"
        height="520px"
      />
      <p className="small muted">
        Click to add corners; double-click, Enter or a click on the first corner finishes. Then drag a corner to move it, drag an edge to add one, Alt+click a corner to delete it.{" "}
        {tool === "edit" && (
          <button type="button" className="link" onClick={() => setTool("draw")}>
            Draw it again
          </button>
        )}
      </p>
    </div>
  );
}

/** The GeoJSON paste box, its button and the live status of the footprint (data-testid="footprint-status"). */
export function FootprintPasteField({ draft }: { draft: FootprintDraft }) {
  const [pasted, setPasted] = useState("");
  const [pasteError, setPasteError] = useState<string | null>(null);
  const { check } = draft;
  return (
    <>
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
              draft.setFootprint(extractGeometry(JSON.parse(pasted)));
              draft.setTool("edit");
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
    </>
  );
}
