/**
 * The scaling-laws notebook (src/scaling.md): URL specs for its controls, and the pure
 * computations behind its charts — a loss grid per fit (computed once per fit), iso-FLOP
 * curves, the compute-optimal frontier, where real models sit, and the law's own figure
 * for each of the documents' scaling claims.
 */
import {contours} from "d3-contour";
import {nice, ticks} from "d3-array";
import type {MultiPolygon} from "geojson";
import type {ParamSpecs, ParamValues} from "./params.js";
import {FITS, computeOptimal, isoFlopCurve, loss, tokensPerParameter, trainingRegime, type FitId, type ScalingFit} from "./scaling.js";

export const FIT_IDS = Object.keys(FITS) as FitId[];

export const SCALING_PARAMS = {
  fit: {kind: "choice", label: "Fit", default: "hoffmann2022", options: FIT_IDS},
  flops: {kind: "number", label: "FLOP budget C", default: 5.76e23, min: 1e18, max: 1e27},
  n: {kind: "number", label: "Parameters held fixed, N", default: 7e10, min: 1e8, max: 1e14},
  d: {kind: "number", label: "Tokens held fixed, D", default: 2e12, min: 1e9, max: 1e15}
} as const satisfies ParamSpecs;

export type ScalingValues = ParamValues<typeof SCALING_PARAMS>;

/** The chosen fit and its compute-optimal point for one FLOP budget. */
export interface BudgetSettings {
  fitId: FitId;
  fit: ScalingFit;
  flops: number;
  /** Compute-optimal parameters and tokens at `flops`. */
  optimalN: number;
  optimalD: number;
  tokensPerParameter: number;
  lossAtOptimum: number;
  /** True when N_opt comes from the closed form (Chinchilla-form fits); false: numeric minimum (Kaplan). */
  closedForm: boolean;
}

/** The parameters and tokens held fixed in the claim comparisons. */
export interface HeldValues {
  fixedN: number;
  fixedD: number;
}

export interface ScalingSettings extends BudgetSettings, HeldValues {
  messages: string[];
}

const clampTo = (x: number, spec: {min: number; max: number; default: number}) => (Number.isFinite(x) ? Math.min(spec.max, Math.max(spec.min, x)) : spec.default);

/** A fit id from the URL or a control; an unknown id falls back to Hoffmann et al. with a message. */
export function resolveFit(value: string): {fitId: FitId; fit: ScalingFit; messages: string[]} {
  const fitId = (FIT_IDS as string[]).includes(value) ? (value as FitId) : "hoffmann2022";
  return {fitId, fit: FITS[fitId], messages: fitId === value ? [] : [`Unknown fit; using ${FITS[fitId].label}.`]};
}

/** The compute-optimal point of `fitId` for a FLOP budget (clamped to 1e18–1e27). */
export function resolveBudget(fitId: FitId, flopsValue: number): BudgetSettings {
  const fit = FITS[fitId];
  const flops = clampTo(flopsValue, SCALING_PARAMS.flops);
  const opt = computeOptimal(flops, fit);
  return {
    fitId,
    fit,
    flops,
    optimalN: opt.n,
    optimalD: opt.d,
    tokensPerParameter: tokensPerParameter(opt.n, opt.d),
    lossAtOptimum: loss(opt.n, opt.d, fit),
    closedForm: fit.kind === "chinchilla"
  };
}

/** N and D held fixed in the claim comparisons, clamped to their controls' ranges. */
export function resolveHeldValues(values: {n: number; d: number}): HeldValues {
  return {fixedN: clampTo(values.n, SCALING_PARAMS.n), fixedD: clampTo(values.d, SCALING_PARAMS.d)};
}

/**
 * Turn control values into a consistent view; never returns a non-finite number. The page
 * calls the three parts from separate cells, so a change re-runs only what depends on it.
 */
export function resolveScalingSettings(values: ScalingValues): ScalingSettings {
  const {fitId, messages} = resolveFit(values.fit);
  return {...resolveBudget(fitId, values.flops), ...resolveHeldValues(values), messages};
}

/** Extent of the loss surface, in log10 units. */
export const GRID_EXTENT = {logN: [7, 13], logD: [9, 15]} as const;

export interface LossGrid {
  /** Row-major from (logN min, logD min): index i = row·width + column, row along D, column along N. */
  values: Float64Array;
  width: number;
  height: number;
  min: number;
  max: number;
  /** 95th percentile, the top of the colour scale (Kaplan's loss explodes at tiny N and D). */
  p95: number;
}

const gridCache = new Map<string, LossGrid>();

/** L(N, D) sampled at cell centres over GRID_EXTENT; computed once per fit and size, then cached. */
export function lossGrid(fitId: FitId, size = 100): LossGrid {
  const key = `${fitId}:${size}`;
  const cached = gridCache.get(key);
  if (cached) return cached;
  const fit = FITS[fitId];
  const [n0, n1] = GRID_EXTENT.logN;
  const [d0, d1] = GRID_EXTENT.logD;
  const values = new Float64Array(size * size);
  let min = Infinity;
  let max = -Infinity;
  for (let row = 0; row < size; row++) {
    const d = Math.pow(10, d0 + ((row + 0.5) * (d1 - d0)) / size);
    for (let col = 0; col < size; col++) {
      const n = Math.pow(10, n0 + ((col + 0.5) * (n1 - n0)) / size);
      const l = loss(n, d, fit);
      values[row * size + col] = l;
      if (l < min) min = l;
      if (l > max) max = l;
    }
  }
  const sorted = Float64Array.from(values).sort();
  const grid = {values, width: size, height: size, min, max, p95: sorted[Math.floor(0.95 * (sorted.length - 1))]};
  gridCache.set(key, grid);
  return grid;
}

export interface LossContour {
  /** Loss (nats/token) along this line. */
  threshold: number;
  /** Polygons in (log10 N, log10 D) coordinates. */
  geometry: MultiPolygon;
}

const contourCache = new Map<string, LossContour[]>();

/**
 * Iso-loss lines of lossGrid(fitId): about `count` round thresholds between the grid's minimum
 * and maximum (as Plot's contour mark picks them), traced by marching squares (d3-contour) and
 * mapped from grid cells to log10 N and log10 D. Computed once per fit, then cached, so a
 * chart that redraws on every budget change does not re-trace them.
 */
export function lossContours(fitId: FitId, count = 14): LossContour[] {
  const key = `${fitId}:${count}`;
  const cached = contourCache.get(key);
  if (cached) return cached;
  const grid = lossGrid(fitId);
  const thresholds = ticks(...nice(grid.min, grid.max, count), count).filter((t) => t > grid.min && t < grid.max);
  const [n0, n1] = GRID_EXTENT.logN;
  const [d0, d1] = GRID_EXTENT.logD;
  const toData = ([x, y]: number[]) => [n0 + (x * (n1 - n0)) / grid.width, d0 + (y * (d1 - d0)) / grid.height];
  const lines = contours().size([grid.width, grid.height]).thresholds(thresholds)(Array.from(grid.values)).map((c) => ({
    threshold: c.value,
    geometry: {type: "MultiPolygon" as const, coordinates: c.coordinates.map((polygon) => polygon.map((ring) => ring.map(toData)))}
  }));
  contourCache.set(key, lines);
  return lines;
}

/** Evenly log-spaced numbers from 10^a to 10^b inclusive. */
export function logSpace(a: number, b: number, count: number): number[] {
  return Array.from({length: count}, (_, i) => Math.pow(10, a + ((b - a) * i) / (count - 1)));
}

export interface FrontierPoint {
  flops: number;
  n: number;
  d: number;
  loss: number;
}

/** The compute-optimal N and D from 10^a to 10^b FLOPs. */
export function optimalFrontier(fit: ScalingFit, a = 17, b = 29, count = 49): FrontierPoint[] {
  return logSpace(a, b, count).map((flops) => {
    const o = computeOptimal(flops, fit);
    return {flops, n: o.n, d: o.d, loss: loss(o.n, o.d, fit)};
  });
}

export interface IsoFlopSeriesPoint {
  flops: number;
  n: number;
  d: number;
  loss: number;
}

/** Iso-FLOP curves, loss against N, for each budget: N from 10^6 up to the N that leaves 10^8 tokens. */
export function isoFlopSeries(fit: ScalingFit, budgets: readonly number[], points = 60): IsoFlopSeriesPoint[] {
  const out: IsoFlopSeriesPoint[] = [];
  for (const flops of budgets) {
    const hi = Math.log10(flops / 6 / 1e8);
    const lo = Math.max(6, hi - 8);
    if (!(hi > lo)) continue;
    for (const p of isoFlopCurve(flops, fit, logSpace(lo, hi, points))) out.push({flops, ...p});
  }
  return out;
}

/** Tokens D at which N parameters are compute-optimal for the fit (inverse of the frontier; bisection on log C). */
export function optimalTokensFor(n: number, fit: ScalingFit): number {
  let lo = Math.log(6 * n * 1);
  let hi = Math.log(6 * n * 1e18);
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (computeOptimal(Math.exp(mid), fit).n < n) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2) / (6 * n);
}

/** The subset of a models.json row this page reads. */
export interface ModelRow {
  name: string;
  family: string;
  arch: string;
  trainingTokens: number | null;
  cardTotalParams: number;
  cardActiveParams: number | null;
  counts: {activeNonEmbedding: number} | null;
}

export interface ModelRegime {
  name: string;
  /** N as the fit counts it (active parameters; non-embedding for Kaplan fits when countable). */
  n: number;
  nNote: string;
  d: number;
  flops: number;
  optimalN: number;
  optimalD: number;
  tokenRatio: number;
  moe: boolean;
  label: string;
}

/** "over-trained ×7.4" (more tokens than the fit's optimum for its compute), "under-trained ×2.1", or "near compute-optimal" within 25%. */
export function regimeLabel(tokenRatio: number): string {
  if (!(tokenRatio > 0) || !Number.isFinite(tokenRatio)) return "—";
  if (tokenRatio >= 0.8 && tokenRatio <= 1.25) return "near compute-optimal";
  return tokenRatio > 1 ? `over-trained ×${formatRatio(tokenRatio)}` : `under-trained ×${formatRatio(1 / tokenRatio)}`;
}

function formatRatio(x: number): string {
  return x >= 10 ? String(Math.round(x)) : x.toFixed(1);
}

/**
 * Decoder models with published training tokens, each placed against the fit's optimum for its own C = 6·N·D.
 * MoE models use active parameters. Rows with the same N and D (e.g. DeepSeek-R1 and V3) appear once.
 */
export function modelRegimes(models: readonly ModelRow[], fit: ScalingFit): ModelRegime[] {
  const seen = new Set<string>();
  const out: ModelRegime[] = [];
  for (const m of models) {
    if (m.arch !== "decoder" || !m.trainingTokens) continue;
    const moe = m.cardActiveParams !== null && m.cardActiveParams < m.cardTotalParams;
    let n = m.cardActiveParams ?? m.cardTotalParams;
    let nNote = moe ? "active parameters (model card)" : "parameters (model card)";
    if (fit.kind === "kaplan" && m.counts) {
      n = m.counts.activeNonEmbedding;
      nNote = `${moe ? "active " : ""}non-embedding parameters (counted from the architecture)`;
    }
    const key = `${n}:${m.trainingTokens}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const r = trainingRegime(n, m.trainingTokens, fit);
    out.push({name: m.name, n, nNote, d: m.trainingTokens, flops: r.flops, optimalN: r.optimalN, optimalD: r.optimalD, tokenRatio: r.tokenRatio, moe, label: regimeLabel(r.tokenRatio)});
  }
  return out;
}

/** Relative loss reduction going from (n1, d1) to (n2, d2): 1 − L2/L1. */
export function relativeReduction(fit: ScalingFit, n1: number, d1: number, n2: number, d2: number): number {
  return 1 - loss(n2, d2, fit) / loss(n1, d1, fit);
}

export interface LawFigure {
  /** Claim id in data/claims.csv. */
  id: string;
  /** What the law is asked. */
  question: string;
  /** The law's answer as a fraction (relative loss reduction), for each assumption. */
  answers: {assumption: string; reduction: number; from: number; to: number}[];
  /** What the law cannot decide. */
  caveat: string;
}

/**
 * The fit's own figure for each scaling claim the documents make, with the assumptions spelled out.
 * `fixedN` and `fixedD` are what the reader holds fixed.
 */
export function scalingClaimFigures(fit: ScalingFit, fixedN: number, fixedD: number): LawFigure[] {
  const L = (n: number, d: number) => loss(n, d, fit);
  const pair = (assumption: string, n1: number, d1: number, n2: number, d2: number) => ({assumption, reduction: relativeReduction(fit, n1, d1, n2, d2), from: L(n1, d1), to: L(n2, d2)});
  const dOpt100B = optimalTokensFor(1e11, fit);
  const dOpt10T = optimalTokensFor(1e13, fit);
  const noMetric = "The claim names no benchmark; a loss reduction is not a 'performance' percentage, and losses near the irreducible floor can shrink little while benchmark scores move a lot (or the reverse).";
  return [
    {
      id: "d0-09",
      question: "How much lower is the loss of a 10T-parameter model than a 100B one?",
      answers: [
        pair(`both trained on the same D = ${fmt(fixedD)} tokens`, 1e11, fixedD, 1e13, fixedD),
        pair(`each trained compute-optimally for this fit (D = ${fmt(dOpt100B)} and ${fmt(dOpt10T)} tokens)`, 1e11, dOpt100B, 1e13, dOpt10T)
      ],
      caveat: noMetric
    },
    {
      id: "d0-16",
      question: `What does each 10× more data buy at fixed N = ${fmt(fixedN)}?`,
      answers: [1e10, 1e11, 1e12, 1e13].map((d) => pair(`${fmt(d)} → ${fmt(10 * d)} tokens`, fixedN, d, fixedN, 10 * d)),
      caveat: "A power law in D is a straight line on log–log axes: every 10× of data removes the same fraction of the data term, so absolute gains shrink each decade — diminishing returns, as the claim says, though not a switch from 'linear' to 'logarithmic' at any point."
    },
    {
      id: "d0-18",
      question: `How much does going from 10T to 100T tokens lower the loss at fixed N = ${fmt(fixedN)}?`,
      answers: [pair("10T → 100T tokens, same model", fixedN, 1e13, fixedN, 1e14), pair("10T → 20T tokens, same model", fixedN, 1e13, fixedN, 2e13)],
      caveat: "The fit assumes every token is fresh; it knows nothing of running out of data or repeating it, so it cannot say whether 'saturation' sets in at 10T. The '3%' names no metric."
    },
    {
      id: "d2-04",
      question: `Do gains per doubling of N slow down past 100B (D fixed at ${fmt(fixedD)})?`,
      answers: [1e10, 1e11, 1e12].map((n) => pair(`${fmt(n)} → ${fmt(2 * n)} parameters`, n, fixedD, 2 * n, fixedD)),
      caveat: "The law is smooth: there is no kink at 100B. Each doubling buys a little less than the last, everywhere along the curve."
    }
  ];
}

function fmt(x: number): string {
  for (const [p, s] of [[1e12, "T"], [1e9, "B"], [1e6, "M"]] as const) if (x >= p) return `${Number((x / p).toPrecision(3))}${s}`;
  return String(Number(x.toPrecision(3)));
}
