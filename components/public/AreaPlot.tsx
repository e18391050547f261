"use client";
// Changed area over time by change type (cumulative hectares at each image
// date), drawn with uPlot; the same figures as a table for screen readers and
// for copying. uPlot loads after the page, so it never delays the first paint.
import { useEffect, useRef } from "react";
import "uplot/dist/uPlot.min.css";
import { changeColor } from "@/components/map/change-colors";
import type { AreaSeries } from "@/lib/publish/timeline";

const ha = (m2: number) => Math.round((m2 / 10_000) * 100) / 100;

export default function AreaPlot({ series, currentDate }: { series: AreaSeries; currentDate: string }) {
  const el = useRef<HTMLDivElement>(null);
  const plot = useRef<{ destroy(): void; redraw(rebuildPaths?: boolean, recalcAxes?: boolean): void } | null>(null);
  /** The date on the map, read by the draw hook: a slider step redraws the plot, it does not build it again. */
  const current = useRef(Date.parse(`${currentDate}T00:00:00Z`) / 1000);
  useEffect(() => {
    let cancelled = false;
    void import("uplot").then(({ default: UPlot }) => {
      if (cancelled || !el.current) return;
      const width = Math.max(260, el.current.clientWidth);
      const xs = series.dates.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
      plot.current = new UPlot(
        {
          width,
          height: 200,
          title: undefined,
          scales: { x: { time: true }, y: { range: (_u: unknown, min: number, max: number) => [0, Math.max(max * 1.1, 0.01)] as [number, number] } },
          axes: [{}, { label: "hectares (cumulative)", size: 60 }],
          series: [
            { label: "date", value: (_u: unknown, v: number) => (v == null ? "" : new Date(v * 1000).toISOString().slice(0, 10)) },
            ...series.types.map((t) => ({
              label: t.label,
              stroke: changeColor(t.key),
              width: 2,
              paths: UPlot.paths.stepped!({ align: 1 }),
              points: { show: true, size: 6 },
              value: (_u: unknown, v: number) => (v == null ? "" : `${v} ha`),
            })),
          ],
          hooks: {
            draw: [
              (u: { ctx: CanvasRenderingContext2D; bbox: { top: number; height: number }; valToPos(v: number, s: string, c?: boolean): number }) => {
                // The date on the map, as a vertical line.
                const x = u.valToPos(current.current, "x", true);
                u.ctx.save();
                u.ctx.strokeStyle = "#0f172a";
                u.ctx.setLineDash([4, 4]);
                u.ctx.beginPath();
                u.ctx.moveTo(x, u.bbox.top);
                u.ctx.lineTo(x, u.bbox.top + u.bbox.height);
                u.ctx.stroke();
                u.ctx.restore();
              },
            ],
          },
        } as never,
        [xs, ...series.types.map((t) => series.cumulativeM2[t.key]!.map(ha))] as never,
        el.current,
      ) as unknown as NonNullable<typeof plot.current>;
    });
    return () => {
      cancelled = true;
      plot.current?.destroy();
      plot.current = null;
    };
  }, [series]);
  // A new date moves the line: a redraw of the canvas, no layout of the page.
  useEffect(() => {
    current.current = Date.parse(`${currentDate}T00:00:00Z`) / 1000;
    plot.current?.redraw(false, false);
  }, [currentDate]);
  return (
    <figure className="area-plot" aria-labelledby="area-plot-caption">
      <div ref={el} aria-hidden="true" data-testid="area-plot" />
      <figcaption id="area-plot-caption" className="small muted">
        Changed area detected by each image date, by type (cumulative, hectares). The dashed line is the date on the map.
      </figcaption>
      <details className="small">
        <summary>The figures as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Date</th>
              {series.types.map((t) => (
                <th key={t.key} scope="col">
                  {t.label} (ha)
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {series.dates.map((d, i) => (
              <tr key={d}>
                <th scope="row">{d}</th>
                {series.types.map((t) => (
                  <td key={t.key}>{ha(series.cumulativeM2[t.key]![i]!)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
