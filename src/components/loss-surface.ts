/**
 * The /scaling loss surface L(N, D) of one fit, as the fixed base of a layered chart: the
 * raster, iso-loss lines, iso-FLOP budgets 6ND = C and the compute-optimal frontier. It depends
 * only on the fit and the width, so it is built once per pair (and, after the page has
 * painted, built ahead for the other fits, so switching fit swaps in a kept base).
 * Axes are log10 N (parameters) and log10 D (tokens); FLOPs follow C = 6ND.
 */
import * as Plot from "../vendor/plot.js";
import {layeredChart, warmLayeredChart, type ChartLayers} from "./layered-chart.js";
import {GRID_EXTENT, lossContours, lossGrid, optimalFrontier} from "../lib/scaling-settings.js";
import {FITS, type FitId} from "../lib/scaling.js";
import {formatCount, formatScientific} from "../lib/format.js";

/** Fixed budgets (FLOPs) drawn as dashed iso-FLOP lines on every surface. */
export const SURFACE_BUDGETS = [1e19, 1e21, 1e23, 1e25, 1e27];

const tick10 = (d: number) => formatCount(Math.pow(10, d));

/** Plot options shared by the base and the overlay, so the two line up exactly. */
export function lossSurfaceFrame(fitId: FitId, width: number) {
  return {
    width,
    height: 460,
    marginTop: 20,
    marginRight: 20,
    marginBottom: 40,
    marginLeft: 56,
    x: {label: `parameters N (${FITS[fitId].nCounts}) →`, domain: [...GRID_EXTENT.logN], ticks: [7, 8, 9, 10, 11, 12, 13], tickFormat: tick10},
    y: {label: "↑ training tokens D", domain: [...GRID_EXTENT.logD], ticks: [9, 10, 11, 12, 13, 14, 15], tickFormat: tick10}
  };
}

function lossSurfaceLayers(fitId: FitId, width: number): ChartLayers {
  const grid = lossGrid(fitId);
  const [n0, n1] = GRID_EXTENT.logN;
  const [d0, d1] = GRID_EXTENT.logD;
  const frontier = optimalFrontier(FITS[fitId], 15, 31, 65).filter((p) => Math.log10(p.n) >= n0 && Math.log10(p.n) <= n1 && Math.log10(p.d) >= d0 && Math.log10(p.d) <= d1);
  const isoLines = SURFACE_BUDGETS.flatMap((budget) => [n0, n1].map((x) => ({budget, x, y: Math.log10(budget / 6) - x})));
  const colour = {type: "linear", scheme: "viridis", reverse: true, domain: [grid.min, grid.p95], clamp: true, label: "predicted loss (nats/token)"} as const;
  return {
    legend: () => Plot.legend({color: colour}),
    base: () => Plot.plot({
      ...lossSurfaceFrame(fitId, width),
      color: colour,
      marks: [
        Plot.raster(grid.values, {width: grid.width, height: grid.height, x1: n0, x2: n1, y1: d0, y2: d1, fill: (v: number) => v, imageRendering: "pixelated"}),
        Plot.geo(lossContours(fitId), {geometry: "geometry", stroke: "black", strokeOpacity: 0.25}),
        Plot.line(isoLines, {x: "x", y: "y", z: "budget", stroke: "white", strokeWidth: 1, strokeDasharray: "5 4", clip: true}),
        Plot.text(isoLines.filter((d) => d.x === n0 && d.y > d0 + 0.3 && d.y < d1), {x: "x", y: "y", text: (d) => `C = ${formatScientific(d.budget)}`, dx: 4, dy: -6, textAnchor: "start", fill: "white", fontSize: 11}),
        Plot.line(frontier, {x: (p) => Math.log10(p.n), y: (p) => Math.log10(p.d), stroke: "black", strokeWidth: 4}),
        Plot.line(frontier, {x: (p) => Math.log10(p.n), y: (p) => Math.log10(p.d), stroke: "white", strokeWidth: 2})
      ]
    })
  };
}

const surfaceKey = (fitId: FitId, width: number) => `loss-surface:${fitId}:${width}`;

/**
 * The surface of `fitId` with `overlay` (drawn with lossSurfaceFrame) on top; the bases of the
 * `otherFits` are built ahead in idle time.
 */
export function lossSurface(fitId: FitId, width: number, overlay: Element, otherFits: readonly FitId[] = []): HTMLElement {
  const chart = layeredChart(surfaceKey(fitId, width), () => lossSurfaceLayers(fitId, width), overlay);
  for (const other of otherFits) if (other !== fitId) warmLayeredChart(surfaceKey(other, width), () => lossSurfaceLayers(other, width));
  return chart;
}
