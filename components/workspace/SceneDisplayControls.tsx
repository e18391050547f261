"use client";
// Band combination and contrast stretch of one scene, defaults from its stored statistics.
import type { SceneView } from "@/lib/scenes/scene-view";
import { formatDate } from "@/lib/format";
import { useState } from "react";
import { callApi } from "@/components/ui/api-client";
import { resolvePublicRender } from "@/lib/scenes/public-render";
import { defaultDisplay, sceneLayerConfig, type DisplaySettings, type StretchMode } from "./scene-display";

export default function SceneDisplayControls({
  role,
  scene,
  value,
  onChange,
  canSetPublic = false,
}: {
  role: string;
  scene: SceneView;
  value: DisplaySettings;
  onChange: (d: DisplaySettings) => void;
  canSetPublic?: boolean;
}) {
  const label = `${role} (${formatDate(scene.acquiredAt)})`;
  const [publicRender, setPublicRender] = useState(scene.publicRender);
  const [publicStatus, setPublicStatus] = useState<string | null>(null);
  const current = resolvePublicRender({ publicRender, bandCount: scene.bandCount, bandStats: scene.bandStats });
  async function applyPublicDisplay(reset: boolean) {
    const layer = sceneLayerConfig(scene, value);
    const render = reset ? null : { bands: layer.bands, stretch: layer.bands.map((_, i) => ({ min: layer.min[i]!, max: Math.max(layer.max[i]!, layer.min[i]! + 1e-6) })) };
    try {
      await callApi(`/api/scenes/${scene.id}`, { method: "PATCH", body: { publicRender: render } });
      setPublicRender(render ? JSON.stringify(render) : "");
      setPublicStatus("Saved: the public tiles use it from the site's next release.");
    } catch (e) {
      setPublicStatus((e as Error).message);
    }
  }
  return (
    <fieldset className="row small display-controls" aria-label={`Display of the ${label} scene`}>
      <strong>{label}</strong>
      {([0, 1, 2] as const).map((i) => (
        <label key={i} className="inline">
          {["R", "G", "B"][i]}
          <select
            aria-label={`${role}: band shown as ${["red", "green", "blue"][i]}`}
            value={value.bands[i]}
            onChange={(e) => {
              const bands = [...value.bands] as [number, number, number];
              bands[i] = Number(e.target.value);
              onChange({ ...value, bands });
            }}
          >
            {Array.from({ length: scene.bandCount }, (_, b) => (
              <option key={b} value={b + 1}>
                {b + 1}
              </option>
            ))}
          </select>
        </label>
      ))}
      <label className="inline">
        stretch
        <select aria-label={`${role}: contrast stretch`} value={value.stretch} onChange={(e) => onChange({ ...value, stretch: e.target.value as StretchMode })}>
          <option value="p2-p98">2–98 %</option>
          <option value="min-max">min–max</option>
          <option value="custom">custom</option>
        </select>
      </label>
      {value.stretch === "custom" && (
        <>
          <label className="inline">
            from
            <input
              type="number"
              aria-label={`${role}: stretch from`}
              value={value.min}
              step="any"
              style={{ width: "6em" }}
              onChange={(e) => onChange({ ...value, min: Number(e.target.value) })}
            />
          </label>
          <label className="inline">
            to
            <input
              type="number"
              aria-label={`${role}: stretch to`}
              value={value.max}
              step="any"
              style={{ width: "6em" }}
              onChange={(e) => onChange({ ...value, max: Number(e.target.value) })}
            />
          </label>
        </>
      )}
      <button type="button" className="link" onClick={() => onChange(defaultDisplay(scene))}>
        reset
      </button>
      {canSetPublic && (
        <span className="small" data-testid="public-render">
          {" · "}Public tiles{scene.publicDisplay ? ` (to zoom ${scene.publicMaxZoom})` : " (licence: not shown publicly)"}: bands {current.bands.join(",")},{" "}
          {current.stretch.map((s) => `${+s.min.toFixed(2)}–${+s.max.toFixed(2)}`)[0]}
          {publicRender ? "" : " (default)"}{" "}
          <button type="button" className="link" onClick={() => applyPublicDisplay(false)}>
            use this display for the public
          </button>
          {publicRender && (
            <>
              {" "}
              <button type="button" className="link" onClick={() => applyPublicDisplay(true)}>
                back to the default
              </button>
            </>
          )}
          {publicStatus && <span role="status"> {publicStatus}</span>}
        </span>
      )}
    </fieldset>
  );
}
