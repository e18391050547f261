"use client";
// Which bands change detection compares: all the bands both scenes have, or
// those ticked (e.g. the visible ones only, where another band is noisy).
interface Props {
  /** Bands both scenes have. */
  count: number;
  /** Ticked bands, 1-based; null for all. */
  chosen: number[] | null;
  onChange: (chosen: number[] | null) => void;
}

export default function BandChoice({ count, chosen, onChange }: Props) {
  if (count < 2) return null;
  const bands = Array.from({ length: count }, (_, i) => i + 1);
  const isOn = (b: number) => !chosen || chosen.includes(b);
  const toggle = (b: number) => {
    const next = bands.filter((x) => (x === b ? !isOn(x) : isOn(x)));
    onChange(next.length === count ? null : next);
  };
  return (
    <fieldset className="row small" data-testid="band-choice" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend className="small">Bands compared</legend>
      {bands.map((b) => (
        <label key={b} className="inline">
          <input type="checkbox" checked={isOn(b)} onChange={() => toggle(b)} /> {b}
        </label>
      ))}
      {chosen && chosen.length === 0 && <span className="error">choose at least one band</span>}
    </fieldset>
  );
}
