"use client";
// The divider of a swipe comparison, on the map itself: a line where the two
// images meet, the date of each on its side, and a handle to drag it (pointer
// or touch) or move it from the keyboard (arrows by 2 %, Page Up/Down by 10 %,
// Home/End). Placed inside a `.swipe-host` box that holds the map. Shared by the
// public timeline and the workspace's imagery viewer.
import { type KeyboardEvent, type PointerEvent, useRef } from "react";

const clamp = (v: number) => Math.min(1, Math.max(0, v));
const STEPS: Record<string, (v: number) => number> = {
  ArrowLeft: (v) => v - 0.02,
  ArrowDown: (v) => v - 0.02,
  ArrowRight: (v) => v + 0.02,
  ArrowUp: (v) => v + 0.02,
  PageDown: (v) => v - 0.1,
  PageUp: (v) => v + 0.1,
  Home: () => 0,
  End: () => 1,
};

export default function SwipeDivider({
  value,
  onChange,
  leftLabel,
  rightLabel,
  label,
}: {
  /** 0..1 of the map's width. */
  value: number;
  onChange: (value: number) => void;
  /** What is left of the line (the earlier image) and right of it. */
  leftLabel: string;
  rightLabel: string;
  /** The handle's accessible name. */
  label: string;
}) {
  const dragging = useRef(false);
  const at = (e: PointerEvent<HTMLElement>) => {
    const host = e.currentTarget.closest(".swipe-host")?.getBoundingClientRect();
    if (host && host.width > 0) onChange(clamp((e.clientX - host.left) / host.width));
  };
  const percent = Math.round(value * 100);
  return (
    <div className="swipe-divider" style={{ left: `${value * 100}%` }} data-testid="swipe-divider">
      <span className="swipe-date swipe-date-left">◀ {leftLabel}</span>
      <span className="swipe-date swipe-date-right">{rightLabel} ▶</span>
      <div
        role="slider"
        tabIndex={0}
        className="swipe-handle"
        aria-label={label}
        aria-orientation="horizontal"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${leftLabel} on the left ${percent} %, ${rightLabel} on the right`}
        data-testid="swipe-handle"
        onPointerDown={(e) => {
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          e.preventDefault();
        }}
        onPointerMove={(e) => {
          if (dragging.current) at(e);
        }}
        onPointerUp={(e) => {
          dragging.current = false;
          e.currentTarget.releasePointerCapture(e.pointerId);
        }}
        onPointerCancel={() => {
          dragging.current = false;
        }}
        onKeyDown={(e: KeyboardEvent<HTMLDivElement>) => {
          const step = STEPS[e.key];
          if (!step) return;
          e.preventDefault();
          onChange(clamp(Math.round(step(value) * 100) / 100));
        }}
      >
        <span aria-hidden="true">⟷</span>
      </div>
    </div>
  );
}
