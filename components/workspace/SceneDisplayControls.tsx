"use client";
// Band combination and contrast stretch of one scene, defaults from its stored statistics.
import type { SceneView } from "@/lib/annotations/change-view";
import { formatDate } from "@/lib/format";
import { defaultDisplay, type DisplaySettings, type StretchMode } from "./scene-display";

export default function SceneDisplayControls({ role, scene, value, onChange }: { role: string; scene: SceneView; value: DisplaySettings; onChange: (d: DisplaySettings) => void }) {
  const label = `${role} (${formatDate(scene.acquiredAt)})`;
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
            <input type="number" aria-label={`${role}: stretch from`} value={value.min} step="any" style={{ width: "6em" }} onChange={(e) => onChange({ ...value, min: Number(e.target.value) })} />
          </label>
          <label className="inline">
            to
            <input type="number" aria-label={`${role}: stretch to`} value={value.max} step="any" style={{ width: "6em" }} onChange={(e) => onChange({ ...value, max: Number(e.target.value) })} />
          </label>
        </>
      )}
      <button type="button" className="link" onClick={() => onChange(defaultDisplay(scene))}>
        reset
      </button>
    </fieldset>
  );
}
