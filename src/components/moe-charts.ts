/**
 * Charts and tables of the Mixture-of-Experts notebook. Every chart goes through chartFigure
 * (title, text summary, data table, source); colours are Okabe–Ito, and nothing is told by
 * colour alone (dropped slots are struck through and labelled, claims carry their verdict).
 */
import * as Plot from "../vendor/plot.js";
import {chartFigure, fitWidth} from "./chart.js";
import {appendColumnHeaders} from "./table-head.js";
import {OKABE_ITO, VERDICT_COLOURS} from "./palette.js";
import {formatCount, formatNumber} from "../lib/format.js";
import type {BalanceRun, RouterRun} from "./moe-run.js";
import {setText} from "./set-text.js";

const ACCEPTED = OKABE_ITO.blue;
const DROPPED = OKABE_ITO.vermillion;

function tickEvery(n: number): number[] {
  const step = n <= 16 ? 1 : n <= 32 ? 2 : n <= 64 ? 4 : n <= 128 ? 8 : 16;
  const ticks: number[] = [];
  for (let i = 1; i <= n; i += step) ticks.push(i);
  return ticks;
}

function percent(x: number, digits = 1): string {
  return `${formatNumber(100 * x, digits)}%`;
}

/** Expert-load histogram: accepted and dropped assignments per expert, capacity and mean lines, optional "before" ticks. */
export function loadHistogram(
  demand: ArrayLike<number>,
  load: ArrayLike<number>,
  capacity: number,
  {width, id, title, before, source}: {width: number; id: string; title: string; before?: ArrayLike<number>; source: string}
): HTMLElement {
  const n = demand.length;
  const rows = Array.from({length: n}, (_, i) => ({expert: i + 1, accepted: load[i], dropped: demand[i] - load[i], demand: demand[i], before: before ? before[i] : null}));
  const stacked = rows.flatMap((r) => [
    {expert: r.expert, status: "accepted", n: r.accepted},
    {expert: r.expert, status: "dropped (over capacity)", n: r.dropped}
  ]);
  let total = 0, max = 0, overfull = 0;
  for (const r of rows) {
    total += r.demand;
    max = Math.max(max, r.demand, r.before ?? 0);
    if (r.demand > capacity) overfull++;
  }
  const mean = total / n;
  const dropped = rows.reduce((s, r) => s + r.dropped, 0);
  const chart = () => Plot.plot({
    width: fitWidth(width, 900),
    height: 280,
    marginLeft: 56,
    x: {label: "expert →", ticks: tickEvery(n), padding: n > 64 ? 0 : 0.1},
    y: {label: "↑ assignments", grid: true, domain: [0, Math.max(max, capacity) * 1.12]},
    color: {domain: ["accepted", "dropped (over capacity)"], range: [ACCEPTED, DROPPED], legend: true},
    marks: [
      Plot.barY(stacked, {x: "expert", y: "n", fill: "status", order: ["accepted", "dropped (over capacity)"], title: (d) => `expert ${d.expert}: ${d.n} ${d.status}`}),
      before ? Plot.tickY(rows, {x: "expert", y: "before", stroke: "currentColor", strokeWidth: 2, strokeDasharray: "3 2", title: (d) => `expert ${d.expert} before balancing: ${d.before}`}) : null,
      Plot.ruleY([capacity], {stroke: OKABE_ITO.black, strokeWidth: 2, strokeDasharray: "6 3"}),
      Plot.text([capacity], {y: (d) => d, frameAnchor: "right", text: (d) => `capacity C = ${d}`, dy: -7, textAnchor: "end", fill: "currentColor", stroke: "var(--theme-background)", strokeWidth: 3, paintOrder: "stroke"}),
      Plot.ruleY([mean], {stroke: OKABE_ITO.green, strokeWidth: 1.5}),
      Plot.text([mean], {y: (d) => d, frameAnchor: "left", text: () => `mean ${formatNumber(mean, 1)}`, dy: -7, textAnchor: "start", fill: OKABE_ITO.green, stroke: "var(--theme-background)", strokeWidth: 3, paintOrder: "stroke"}),
      Plot.ruleY([0])
    ]
  });
  return chartFigure(chart, {
    id,
    title,
    dependsOn: [demand, load, capacity, before ?? null, width, title, source],
    summary: `${formatCount(total)} assignments over ${n} experts (mean ${formatNumber(mean, 1)}, busiest ${formatCount(Math.max(...Array.from(demand)))} = ${formatNumber(Math.max(...Array.from(demand)) / (mean || 1), 2)} × the mean). Capacity ${capacity} per expert: ${overfull} expert${overfull === 1 ? " is" : "s are"} over it and ${formatCount(dropped)} assignment${dropped === 1 ? " is" : "s are"} dropped.${before ? " Dashed ticks: the load before balancing." : ""}`,
    table: {
      columns: before ? ["expert", "asked (before)", "asked", "accepted", "dropped"] : ["expert", "asked", "accepted", "dropped"],
      rows: rows.map((r) => (before ? [r.expert, r.before ?? 0, r.demand, r.accepted, r.dropped] : [r.expert, r.demand, r.accepted, r.dropped]))
    },
    source
  });
}

/** The routing table last made, and the columns it has (top-k and shared experts). */
let keptRouting: {wrap: HTMLElement; columns: string} | null = null;

/**
 * Per-token routing of the first labels.length tokens: chosen experts with renormalised gates,
 * shared experts, dropped slots, pass-through. The page has one such table: with the same
 * columns as last time it is the same element with its rows rewritten in place (rows added or
 * removed at the end), so a re-run cell can leave it on the page (displayUnlessShown).
 */
export function routingTable(labels: string[], run: RouterRun, shared: number): HTMLElement {
  const k = run.topK;
  const columns = `${k}|${shared}`;
  if (keptRouting?.columns !== columns) {
    const wrap = document.createElement("div");
    wrap.className = "moe-routing-scroll";
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Routing table (scrolls sideways)");
    const table = document.createElement("table");
    table.className = "moe-routing";
    const caption = table.createCaption();
    caption.textContent = `Each token's top-${k} experts and gate weights (gates sum to 1)${shared ? `, plus ${shared} shared expert${shared > 1 ? "s" : ""} every token uses` : ""}`;
    appendColumnHeaders(table, ["#", "token", ...Array.from({length: k}, (_, s) => (k === 1 ? "expert · gate" : `choice ${s + 1} · gate`)), ...(shared ? ["shared"] : []), "status"]);
    table.createTBody();
    wrap.append(table);
    keptRouting = {wrap, columns};
  }
  const body = (keptRouting.wrap.firstElementChild as HTMLTableElement).tBodies[0];
  const count = Math.min(run.detail.count, labels.length);
  while (body.rows.length > count) body.deleteRow(-1);
  while (body.rows.length < count) {
    const tr = body.insertRow();
    tr.insertCell();
    const th = document.createElement("th");
    th.scope = "row";
    tr.append(th);
    for (let c = 0; c < k + (shared ? 1 : 0) + 1; c++) tr.insertCell();
  }
  const sharedText = Array.from({length: shared}, (_, j) => `S${j + 1}`).join(", ") + " · 1";
  for (let t = 0; t < count; t++) {
    const tr = body.rows[t];
    const cells = tr.cells;
    const pass = run.detail.passThrough[t] === 1;
    if (pass) tr.className = "pass-through";
    else tr.removeAttribute("class");
    setText(cells[0], String(t + 1));
    setText(cells[1], labels[t] ?? `token ${t + 1}`);
    let droppedSlots = 0;
    for (let s = 0; s < k; s++) {
      const td = cells[2 + s];
      const gate = run.detail.gates[t * k + s];
      const dropped = run.detail.dropped[t * k + s] === 1;
      const text = `E${run.detail.experts[t * k + s] + 1} · ${formatNumber(gate, 3)}`;
      if (dropped) {
        droppedSlots++;
        if (td.className !== "dropped" || td.firstChild?.textContent !== text) {
          td.className = "dropped";
          const del = document.createElement("del");
          del.textContent = text;
          td.replaceChildren(del, " dropped");
        }
      } else {
        if (td.className) td.removeAttribute("class");
        setText(td, text);
      }
      const level = Math.max(0, Math.min(1, gate)).toFixed(2); // the bar's length (style.css: gate × 9ch), to 1% of a gate
      if (td.style.getPropertyValue("--gate") !== level) td.style.setProperty("--gate", level);
    }
    if (shared) setText(cells[2 + k], sharedText);
    setText(cells[cells.length - 1], pass ? "passes through (residual only)" : droppedSlots ? `${droppedSlots} of ${k} dropped` : "routed");
  }
  return keptRouting.wrap;
}

/** Max/mean load, dropped tokens and aux loss per balancing step (no animation). */
export function balanceChart(run: BalanceRun, tokens: number, {width}: {width: number}): HTMLElement {
  const steps = run.steps;
  const w = Math.max(200, Math.floor((fitWidth(width, 900) - 40) / 3));
  const small = (y: string, label: string, colour: string, format: (v: number) => string, floor?: number) =>
    Plot.plot({
      width: w,
      height: 200,
      marginLeft: 48,
      x: {label: "step →", domain: [0, steps.length - 1]},
      y: {label: `↑ ${label}`, grid: true, zero: floor === 0},
      marks: [
        floor !== undefined && floor !== 0 ? Plot.ruleY([floor], {stroke: "currentColor", strokeOpacity: 0.4, strokeDasharray: "4 3"}) : null,
        Plot.line(steps, {x: "step", y, stroke: colour, strokeWidth: 2.5}),
        Plot.dot(steps, {x: "step", y, fill: colour, r: 2.5, title: (d: Record<string, number>) => `step ${d.step}: ${format(d[y])}`})
      ]
    });
  const dropShare = steps.map((s) => ({...s, dropPercent: (100 * s.droppedTokens) / tokens}));
  const smallMultiples = () => {
    const row = document.createElement("div");
    row.className = "moe-small-multiples";
    row.append(
      small("maxOverMean", "max / mean load", OKABE_ITO.blue, (v) => formatNumber(v, 2), 1),
      Plot.plot({
        width: w,
        height: 200,
        marginLeft: 48,
        x: {label: "step →", domain: [0, steps.length - 1]},
        y: {label: "↑ tokens dropped (%)", grid: true, zero: true},
        marks: [
          Plot.line(dropShare, {x: "step", y: "dropPercent", stroke: OKABE_ITO.vermillion, strokeWidth: 2.5}),
          Plot.dot(dropShare, {x: "step", y: "dropPercent", fill: OKABE_ITO.vermillion, r: 2.5, title: (d) => `step ${d.step}: ${d.droppedTokens} tokens dropped`})
        ]
      }),
      small("auxLoss", "aux loss N·Σ fᵢPᵢ", OKABE_ITO.green, (v) => formatNumber(v, 3), 1)
    );
    return row;
  };
  const first = steps[0];
  const last = steps[steps.length - 1];
  return chartFigure(smallMultiples, {
    id: "moe-balancing-steps",
    title: `${steps.length - 1} ${run.method === "aux-free" ? "bias updates (auxiliary-loss-free)" : "aux-loss gradient steps"}: load, drops and loss per step`,
    summary: `Max/mean load went from ${formatNumber(first.maxOverMean, 2)} to ${formatNumber(last.maxOverMean, 2)}; tokens dropped from ${formatCount(first.droppedTokens)} to ${formatCount(last.droppedTokens)} of ${formatCount(tokens)}; aux loss from ${formatNumber(first.auxLoss, 3)} to ${formatNumber(last.auxLoss, 3)} (1 = perfectly even).`,
    table: {
      columns: ["step", "max / mean load", "coefficient of variation", "tokens dropped", "assignments dropped", "aux loss"],
      rows: steps.map((s) => [s.step, formatNumber(s.maxOverMean, 3), formatNumber(s.coefficientOfVariation, 3), s.droppedTokens, s.droppedAssignments, formatNumber(s.auxLoss, 4)])
    },
    source: `runBalancing() in src/components/moe-run.ts on the batch above (${run.method === "aux-free" ? `auxFreeBiasUpdate, γ = ${run.rate}` : `auxLossBiasGradient, η = ${run.rate}`}, src/lib/moe.ts); ${formatNumber(run.ms / 1000, 2)} s.`
  });
}

export interface RatioRow {
  model: string;
  total: number;
  active: number;
  ratio: number;
  /** Routed experts a token uses, k / E. */
  expertFraction: number;
  /** "computed" (parameterCounts) or "card" (the model card's own figures). */
  basis: "computed" | "card";
}

export interface FractionClaim {
  id: string;
  value: number;
  quantity: string;
  verdict: keyof typeof VERDICT_COLOURS;
  statement: string;
}

/** Active-parameter ratio (and routed-expert fraction) of real MoE models, with the documents' claims as rules. */
export function activeRatioChart(rows: RatioRow[], claims: FractionClaim[], {width}: {width: number}): HTMLElement {
  const sorted = [...rows].sort((a, b) => b.ratio - a.ratio);
  const points = sorted.flatMap((r) => [
    {model: r.model, measure: "active parameters / total", value: r.ratio, basis: r.basis},
    {model: r.model, measure: "routed experts used (k / E)", value: r.expertFraction, basis: r.basis}
  ]);
  const label = (r: RatioRow) => (r.basis === "card" ? `${r.model} (card)` : r.model);
  const names = sorted.map(label);
  const claimRows = claims.map((c, i) => ({...c, row: i}));
  const lo = Math.min(...points.map((p) => p.value), ...claims.map((c) => c.value)) / 1.6;
  const chart = () => Plot.plot({
    width: fitWidth(width, 900),
    height: 90 + 26 * sorted.length + 18 * claims.length,
    marginLeft: 150,
    marginRight: 30,
    marginTop: 30 + 16 * claims.length,
    x: {type: "log", label: "share of the model a token uses →", domain: [lo, 1.25], tickFormat: (d: number) => (d >= 0.01 ? `${Number((d * 100).toPrecision(2))}%` : `${Number((d * 100).toPrecision(1))}%`)},
    y: {label: null, domain: names},
    symbol: {domain: ["active parameters / total", "routed experts used (k / E)"], range: ["circle", "diamond"], legend: true},
    marks: [
      Plot.gridX({stroke: "currentColor", strokeOpacity: 0.1}),
      Plot.ruleX(claimRows, {x: "value", stroke: (d: FractionClaim) => VERDICT_COLOURS[d.verdict], strokeWidth: 2, strokeDasharray: "5 3"}),
      ...claimRows.map((c) =>
        Plot.text([c], {
          x: "value",
          frameAnchor: "top",
          dy: -16 * (claims.length - c.row),
          text: (d: FractionClaim) => `${d.id}: ${formatNumber(d.value * 100, 0)}% ${d.quantity.replace(/\s*\(.*\)$/, "")} — ${d.verdict}`,
          textAnchor: c.value > 0.5 ? "end" : "middle",
          fill: VERDICT_COLOURS[c.verdict],
          fontWeight: 600,
          stroke: "var(--theme-background)",
          strokeWidth: 3,
          paintOrder: "stroke"
        })
      ),
      Plot.ruleY(sorted, {y: label, x1: (r: RatioRow) => Math.min(r.ratio, r.expertFraction), x2: (r: RatioRow) => Math.max(r.ratio, r.expertFraction), stroke: "currentColor", strokeOpacity: 0.3}),
      Plot.dot(points, {
        x: "value",
        y: (d) => (d.basis === "card" ? `${d.model} (card)` : d.model),
        symbol: "measure",
        r: 5,
        fill: (d) => (d.measure.startsWith("active") ? OKABE_ITO.blue : "var(--theme-background)"),
        stroke: (d) => (d.measure.startsWith("active") ? OKABE_ITO.blue : OKABE_ITO.orange),
        strokeWidth: 2,
        title: (d) => `${d.model}: ${d.measure} = ${percent(d.value, 2)}${d.basis === "card" ? " (model card figures)" : ""}`
      })
    ]
  });
  return chartFigure(chart, {
    id: "moe-active-ratio",
    title: "How much of an MoE model one token uses, against the documents' claims",
    summary: `Active-parameter share ranges from ${percent(Math.min(...rows.map((r) => r.ratio)), 2)} (${rows.reduce((a, b) => (b.ratio < a.ratio ? b : a)).model}) to ${percent(Math.max(...rows.map((r) => r.ratio)), 1)} (${rows.reduce((a, b) => (b.ratio > a.ratio ? b : a)).model}); the share of routed experts used is always smaller, because attention, embeddings and shared experts run for every token. Dashed rules are the documents' claims: ${claims.map((c) => `${c.id} ${formatNumber(c.value * 100, 0)}% (${c.verdict})`).join(", ")}.`,
    table: {
      columns: ["model", "active / total", "routed experts used (k / E)", "figures"],
      rows: sorted.map((r) => [r.model, percent(r.ratio, 2), percent(r.expertFraction, 2), r.basis === "card" ? "model card" : "computed from the architecture"])
    },
    source: "data/models.csv; active and total from parameterCounts() in src/lib/models.ts (model-card figures where the published configuration is incomplete); claims from data/claims.csv (topic moe, base fraction)."
  });
}
