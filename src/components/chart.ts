/**
 * The chart wrapper every notebook uses: a titled <figure> around a chart element,
 * an accessible name, a one-sentence summary (the text alternative) and, on request,
 * the plotted numbers as a table.
 */
import {installPageTools} from "./page-tools.js";
import {currentUrl} from "./url-write.js";
import {chartCsv, chartPngBlob, chartSvgText, exposeExports, registerChart} from "./chart-export.js";
import {embedUrl, fileSlug, iframeSnippet} from "../lib/embed.js";
import {isNearViewport, rebuildWhenVisible, renderWhenVisible} from "./lazy-render.js";
import {appendColumnHeaders} from "./table-head.js";
import {sharePlotStyles} from "./plot-style.js";
import {sameDependencies} from "./memo-output.js";
import {asOverlay, stackLayers} from "./layered-chart.js";
import {setText} from "./set-text.js";

export interface ChartFigureOptions {
  /** Stable id, used for embeds and exports. */
  id: string;
  title: string;
  /** One or two sentences saying what the chart shows right now (its text alternative). */
  summary: string;
  /** Rows of the plotted data, shown in a collapsible table. */
  table?: {columns: string[]; rows: (string | number)[][]};
  /** Source line under the chart. */
  source?: string;
  /**
   * The values the chart's drawing shows. When given and equal to the previous call's for this
   * id, the drawing is kept (memo-output.ts); the title, summary, table and source are rewritten
   * only where they differ, so with those equal too the figure is returned untouched.
   */
  dependsOn?: readonly unknown[];
  /**
   * A layer drawn over the chart (a Plot SVG with the chart's width, height, margins and
   * explicit domains, no axes): what changes often, like the chosen series' emphasis. Kept figures
   * (equal `dependsOn`) get a new overlay, swapped in place, when its own `dependsOn` changes,
   * so the chart under it is neither redrawn nor re-laid-out. An overlay SVG with the class
   * `chart-overlay-pointer` takes the pointer (for a Plot tip), others let it through.
   */
  overlay?: {dependsOn: readonly unknown[]; draw: () => Element};
}

function download(name: string, blob: Blob): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function copy(text: string, button: HTMLButtonElement): Promise<void> {
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    window.prompt("Copy this:", text);
  }
  setTimeout(() => (button.textContent = label), 1500);
}

/** Permalink, embed code, SVG, PNG (2×) and CSV for one chart; `latest()` gives the options the figure shows now. */
function chartTools(latest: () => ChartFigureOptions): HTMLElement {
  const {id, title, table} = latest();
  const tools = document.createElement("div");
  tools.className = "chart-tools";
  tools.setAttribute("role", "toolbar");
  tools.setAttribute("aria-label", `Share or download “${title}”`);
  const name = fileSlug(id);
  const button = (label: string, hint: string, action: (b: HTMLButtonElement) => void) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = hint;
    b.addEventListener("click", () => action(b));
    tools.append(b);
  };
  button("Link", "Copy a link to this view", (b) => copy(currentUrl().href, b));
  button("Embed", "Copy an <iframe> showing only this chart", (b) => copy(iframeSnippet(embedUrl(currentUrl().href, id, true), latest().title), b));
  button("SVG", "Download as SVG", () => download(`${name}.svg`, new Blob([chartSvgText(id).svg], {type: "image/svg+xml"})));
  button("PNG", "Download as PNG (2×)", () => chartPngBlob(id, 2).then((blob) => download(`${name}.png`, blob)));
  if (table) button("CSV", "Download the plotted numbers as CSV", () => download(`${name}.csv`, new Blob([chartCsv(id)], {type: "text/csv"})));
  return tools;
}

/** Ids of charts whose "Show the numbers" table the reader has open. */
const openTables = new Set<string>();

/** The plotted numbers as an HTML table with column headers. */
function dataTable({columns, rows}: NonNullable<ChartFigureOptions["table"]>): HTMLTableElement {
  const table = document.createElement("table");
  appendColumnHeaders(table, columns);
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) tr.insertCell().textContent = String(cell);
  }
  return table;
}

/**
 * The figure's own label describes the chart; Plot's per-mark labels on <g> are not valid ARIA
 * inside role="img". Plot's per-chart stylesheet is replaced by the document's one copy.
 */
function prepareChart(chart: Element): Element {
  for (const g of chart.querySelectorAll("g[aria-label]")) g.removeAttribute("aria-label");
  return sharePlotStyles(chart);
}

/** The figure shown for each chart id: its parts a later call rewrites, and what it shows. */
interface KeptFigure {
  figure: HTMLElement;
  title: HTMLElement;
  tools: HTMLElement;
  drawing: HTMLElement;
  summary: HTMLElement;
  details: HTMLDetailsElement | null;
  source: HTMLElement | null;
  options: ChartFigureOptions;
}
const figures = new Map<string, KeptFigure>();

/** The parts a figure has (a table adds a CSV button and "Show the numbers"; a source, its line): another set makes a new figure. */
const figureParts = (options: ChartFigureOptions) => `${!!options.table}|${!!options.source}`;

/**
 * `chart` makes the chart element; it runs only when the figure is near the viewport (see
 * lazy-render.ts), so a control change does not redraw charts the reader cannot see. Title,
 * summary, table and exports do not wait for it. Each id keeps its figure: with `dependsOn`
 * equal to the last call's it is returned untouched; otherwise its title, summary, label, table
 * and source are rewritten and the chart redrawn in it (now if near the viewport, else when
 * it comes near), so a re-run cell can leave it on the page (displayUnlessShown).
 */
export function chartFigure(chart: () => Element, options: ChartFigureOptions): HTMLElement {
  const previousOverlay = overlays.get(options.id);
  // Recorded first: a figure drawn now draws the latest overlay (withOverlay).
  if (options.overlay) overlays.set(options.id, {...options.overlay});
  const kept = figures.get(options.id);
  let figure: HTMLElement;
  if (kept && options.dependsOn && kept.options.dependsOn && sameDependencies(kept.options.dependsOn, options.dependsOn)) {
    figure = kept.figure;
    updateFigureText(kept, options);
    if (options.overlay && previousOverlay && !sameDependencies(previousOverlay.dependsOn, options.overlay.dependsOn)) {
      // Off screen, the chart waits to be drawn, overlay and all, until it comes near (lazy-render.ts).
      if (isNearViewport(`chart:${options.id}`)) figure.querySelector(".chart-layers > .chart-overlay")?.replaceWith(asOverlay(prepareChart(options.overlay.draw())));
      else rebuildWhenVisible(kept.drawing, drawChart(chart, options.id));
    }
  } else if (kept && figureParts(kept.options) === figureParts(options)) {
    updateChartFigure(kept, chart, options);
    figure = kept.figure;
  } else figure = buildChartFigure(chart, options);
  return figure;
}

/** The latest overlay per chart id: what a chart drawn later, near the viewport, shows. */
const overlays = new Map<string, {dependsOn: readonly unknown[]; draw: () => Element}>();

/** The chart with the latest overlay of `id` over its plot (the SVG after any legend). */
function withOverlay(chart: Element, id: string): Element {
  const overlay = overlays.get(id);
  const plot = chart instanceof SVGSVGElement ? chart : chart.querySelector(":scope > svg:last-of-type");
  if (!overlay || !plot) return chart;
  if (plot === chart) return stackLayers(plot, prepareChart(overlay.draw()));
  const next = plot.nextSibling;
  chart.insertBefore(stackLayers(plot, prepareChart(overlay.draw())), next);
  return chart;
}

const drawChart = (chart: () => Element, id: string) => () => withOverlay(prepareChart(chart()), id);

/** "Show the numbers": the table is built when opened, and rebuilt with new numbers (`renew`) only while open. */
function showTable(kept: KeptFigure, renew = false): void {
  const {details, options} = kept;
  if (!details || !options.table) return;
  openTables[details.open ? "add" : "delete"](options.id);
  const shown = details.querySelector("table");
  if (!details.open || (shown && !renew)) return;
  const table = dataTable(options.table);
  if (shown) shown.replaceWith(table);
  else details.append(table);
}

/** Rewrites the figure's title, labels, summary, open table and source where they differ from `options`. */
function updateFigureText(kept: KeptFigure, options: ChartFigureOptions): void {
  const newTable = !sameDependencies([kept.options.table ?? null], [options.table ?? null]);
  kept.options = options;
  registerChart(options.id, {title: options.title, source: options.source, table: options.table});
  setText(kept.title, options.title);
  setLabel(kept.tools, `Share or download “${options.title}”`);
  setLabel(kept.drawing, `${options.title}. ${options.summary}`);
  setText(kept.summary, options.summary);
  if (newTable && kept.details?.open) showTable(kept, true);
  if (kept.source) setText(kept.source, options.source!);
}

const setLabel = (element: Element, label: string) => {
  if (element.getAttribute("aria-label") !== label) element.setAttribute("aria-label", label);
};

function updateChartFigure(kept: KeptFigure, chart: () => Element, options: ChartFigureOptions): void {
  updateFigureText(kept, options);
  rebuildWhenVisible(kept.drawing, drawChart(chart, options.id));
}

function buildChartFigure(chart: () => Element, options: ChartFigureOptions): HTMLElement {
  installPageTools();
  exposeExports();
  registerChart(options.id, {title: options.title, source: options.source, table: options.table});
  const figure = document.createElement("figure");
  figure.className = "chart";
  figure.dataset.chart = options.id;
  const heading = document.createElement("figcaption");
  const title = document.createElement("strong");
  title.textContent = options.title;
  heading.append(title);
  const kept: KeptFigure = {figure, title, tools: null!, drawing: null!, summary: null!, details: null, source: null, options};
  kept.tools = chartTools(() => kept.options);
  figure.append(heading, kept.tools);
  kept.drawing = renderWhenVisible(`chart:${options.id}`, drawChart(chart, options.id), "chart-body");
  kept.drawing.setAttribute("role", "img");
  kept.drawing.setAttribute("aria-label", `${options.title}. ${options.summary}`);
  figure.append(kept.drawing);
  kept.summary = document.createElement("p");
  kept.summary.className = "chart-summary";
  kept.summary.textContent = options.summary;
  figure.append(kept.summary);
  if (options.table) {
    // Built when opened, so a control change costs no rows nobody reads; a table the reader
    // opened stays open while the controls move.
    const details = (kept.details = document.createElement("details"));
    const label = document.createElement("summary");
    label.textContent = "Show the numbers";
    details.append(label);
    details.addEventListener("toggle", () => showTable(kept));
    if (openTables.has(options.id)) {
      details.open = true;
      showTable(kept);
    }
    figure.append(details);
  }
  if (options.source) {
    kept.source = document.createElement("p");
    kept.source.className = "chart-source";
    kept.source.textContent = options.source;
    figure.append(kept.source);
  }
  figures.set(options.id, kept);
  return figure;
}

/** Chart width for the page's current content width: at most `max`, never below a phone's 320 px (Framework's `width` is 0 before layout). */
export function fitWidth(width: number, max = 760): number {
  return Math.max(320, Math.min(Number.isFinite(width) ? width : max, max));
}
