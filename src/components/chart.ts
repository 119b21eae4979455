/**
 * The chart wrapper every notebook uses: a titled <figure> around a chart element,
 * an accessible name, a one-sentence summary (the text alternative) and, on request,
 * the plotted numbers as a table.
 */
import {installPageTools} from "./page-tools.js";
import {currentUrl} from "./url-write.js";
import {chartCsv, chartPngBlob, chartSvgText, exposeExports, registerChart} from "./chart-export.js";
import {embedUrl, fileSlug, iframeSnippet} from "../lib/embed.js";
import {renderWhenVisible} from "./lazy-render.js";
import {appendColumnHeaders} from "./table-head.js";
import {sharePlotStyles} from "./plot-style.js";
import {memoOutput, sameDependencies} from "./memo-output.js";
import {asOverlay, stackLayers} from "./layered-chart.js";

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
   * The values the chart, title, summary and table show. When given and equal to the previous
   * call's for this id, that call's figure is returned instead of a new one (memo-output.ts).
   */
  dependsOn?: readonly unknown[];
  /**
   * A layer drawn over the chart (a Plot SVG with the chart's width, height, margins and
   * explicit domains, no axes): what changes often, like the chosen series' emphasis. Kept figures
   * (equal `dependsOn`) get a new overlay, swapped in place, when its own `dependsOn` changes,
   * so the chart under it is neither redrawn nor re-laid-out.
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

/** Permalink, embed code, SVG, PNG (2×) and CSV for one chart. */
function chartTools(options: ChartFigureOptions): HTMLElement {
  const tools = document.createElement("div");
  tools.className = "chart-tools";
  tools.setAttribute("role", "toolbar");
  tools.setAttribute("aria-label", `Share or download “${options.title}”`);
  const name = fileSlug(options.id);
  const button = (label: string, title: string, action: (b: HTMLButtonElement) => void) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.addEventListener("click", () => action(b));
    tools.append(b);
  };
  button("Link", "Copy a link to this view", (b) => copy(currentUrl().href, b));
  button("Embed", "Copy an <iframe> showing only this chart", (b) => copy(iframeSnippet(embedUrl(currentUrl().href, options.id, true), options.title), b));
  button("SVG", "Download as SVG", () => download(`${name}.svg`, new Blob([chartSvgText(options.id).svg], {type: "image/svg+xml"})));
  button("PNG", "Download as PNG (2×)", () => chartPngBlob(options.id, 2).then((blob) => download(`${name}.png`, blob)));
  if (options.table) button("CSV", "Download the plotted numbers as CSV", () => download(`${name}.csv`, new Blob([chartCsv(options.id)], {type: "text/csv"})));
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

/**
 * `chart` makes the chart element; it runs only when the figure is near the viewport (see
 * lazy-render.ts), so a control change does not redraw charts the reader cannot see. Title,
 * summary, table and exports do not wait for it.
 */
export function chartFigure(chart: () => Element, options: ChartFigureOptions): HTMLElement {
  const previous = overlays.get(options.id);
  // Recorded first: a figure built now draws the latest overlay (withOverlay).
  if (options.overlay) overlays.set(options.id, {...options.overlay});
  const figure = options.dependsOn ? memoOutput(`chart:${options.id}`, options.dependsOn, () => buildChartFigure(chart, options)) : buildChartFigure(chart, options);
  if (options.overlay && previous?.figure === figure && !sameDependencies(previous.dependsOn, options.overlay.dependsOn)) {
    figure.querySelector(".chart-layers > .chart-overlay")?.replaceWith(asOverlay(prepareChart(options.overlay.draw())));
  }
  if (options.overlay) overlays.get(options.id)!.figure = figure;
  return figure;
}

/** The latest overlay per chart id (what a chart drawn later, near the viewport, shows) and the figure it went to. */
const overlays = new Map<string, {dependsOn: readonly unknown[]; draw: () => Element; figure?: HTMLElement}>();

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
  figure.append(heading, chartTools(options));
  const drawing = renderWhenVisible(`chart:${options.id}`, () => withOverlay(prepareChart(chart()), options.id), "chart-body");
  drawing.setAttribute("role", "img");
  drawing.setAttribute("aria-label", `${options.title}. ${options.summary}`);
  figure.append(drawing);
  const summary = document.createElement("p");
  summary.className = "chart-summary";
  summary.textContent = options.summary;
  figure.append(summary);
  if (options.table) {
    const details = document.createElement("details");
    const label = document.createElement("summary");
    label.textContent = "Show the numbers";
    details.append(label);
    // The table is built when opened, so a control change costs no rows nobody reads; a table
    // the reader opened stays open while the controls move.
    const table = options.table;
    const showTable = () => {
      openTables[details.open ? "add" : "delete"](options.id);
      if (details.open && !details.querySelector("table")) details.append(dataTable(table));
    };
    details.addEventListener("toggle", showTable);
    if (openTables.has(options.id)) {
      details.open = true;
      showTable();
    }
    figure.append(details);
  }
  if (options.source) {
    const source = document.createElement("p");
    source.className = "chart-source";
    source.textContent = options.source;
    figure.append(source);
  }
  return figure;
}

/** Chart width for the page's current content width: at most `max`, never below a phone's 320 px (Framework's `width` is 0 before layout). */
export function fitWidth(width: number, max = 760): number {
  return Math.max(320, Math.min(Number.isFinite(width) ? width : max, max));
}
