/**
 * Export a chart figure as standalone SVG (with its caption line) or as PNG at 2× (or any
 * scale), and its data as CSV. Used by each chart's toolbar and by `npm run export`.
 */
import {captionLine, toCsv} from "../lib/embed.js";
import {renderPending} from "./lazy-render.js";
import {currentUrl} from "./url-write.js";
import {PLOT_CSS} from "./plot-style.js";

const SVG_NS = "http://www.w3.org/2000/svg";

export interface ChartExportInfo {
  title: string;
  source?: string;
  table?: {columns: string[]; rows: (string | number)[][]};
}

const registry = new Map<string, ChartExportInfo>();

/** Remember what a chart's exports need (called by chartFigure). */
export function registerChart(id: string, info: ChartExportInfo): void {
  registry.set(id, info);
}

function currentFigure(id: string): HTMLElement {
  const figure = document.querySelector<HTMLElement>(`figure.chart[data-chart="${CSS.escape(id)}"]`);
  if (!figure) throw new Error(`no chart ${id} on this page`);
  renderPending(figure);
  return figure;
}

export function chartCaption(id: string): string {
  const info = registry.get(id);
  const url = currentUrl();
  return captionLine(info?.title ?? id, url.search, info?.source, url.href);
}

/** The chart's main <svg> (with any overlay layers merged), cloned with resolved colours and fonts, its title above and the caption below. */
export function chartSvgText(id: string): {svg: string; width: number; height: number} {
  const figure = currentFigure(id);
  const svgs = [...figure.querySelectorAll<SVGSVGElement>("svg")].filter((s) => !s.closest(".chart-tools") && !s.classList.contains("chart-overlay"));
  const main = svgs.sort((a, b) => b.clientWidth * b.clientHeight - a.clientWidth * a.clientHeight)[0];
  if (!main) throw new Error(`chart ${id} has no SVG`);
  const style = getComputedStyle(figure);
  const width = main.width.baseVal.value || main.clientWidth;
  const height = main.height.baseVal.value || main.clientHeight;
  const captionLines = wrap(chartCaption(id), Math.max(40, Math.floor(width / 6.5)));
  const titleHeight = 24;
  const captionHeight = 16 * captionLines.length + 8;
  const root = document.createElementNS(SVG_NS, "svg");
  root.setAttribute("xmlns", SVG_NS);
  root.setAttribute("width", String(width));
  root.setAttribute("height", String(height + titleHeight + captionHeight));
  root.setAttribute("viewBox", `0 0 ${width} ${height + titleHeight + captionHeight}`);
  root.setAttribute("style", `color:${style.color};background:${getComputedStyle(document.body).backgroundColor};font-family:system-ui,sans-serif`);
  const bg = document.createElementNS(SVG_NS, "rect");
  bg.setAttribute("width", "100%");
  bg.setAttribute("height", "100%");
  bg.setAttribute("fill", getComputedStyle(document.body).backgroundColor || "#fff");
  root.append(bg);
  const title = document.createElementNS(SVG_NS, "text");
  title.setAttribute("x", "4");
  title.setAttribute("y", "17");
  title.setAttribute("font-size", "15");
  title.setAttribute("font-weight", "bold");
  title.setAttribute("fill", "currentColor");
  title.textContent = registry.get(id)?.title ?? id;
  root.append(title);
  // The page shares one copy of Plot's rules (plot-style.ts); a standalone file needs its own.
  const plotRules = document.createElementNS(SVG_NS, "style");
  plotRules.textContent = PLOT_CSS;
  root.append(plotRules);
  const chart = main.cloneNode(true) as SVGSVGElement;
  chart.setAttribute("y", String(titleHeight));
  chart.setAttribute("color", style.color);
  // A layered chart (layered-chart.ts): the overlays' marks go on top of the base's.
  for (const overlay of figure.querySelectorAll<SVGSVGElement>("svg.chart-overlay")) {
    const layer = document.createElementNS(SVG_NS, "g");
    layer.append(...[...overlay.cloneNode(true).childNodes]);
    chart.append(layer);
  }
  root.append(chart);
  captionLines.forEach((line, i) => {
    const t = document.createElementNS(SVG_NS, "text");
    t.setAttribute("x", "4");
    t.setAttribute("y", String(height + titleHeight + 16 * (i + 1)));
    t.setAttribute("font-size", "11");
    t.setAttribute("fill", "currentColor");
    t.textContent = line;
    root.append(t);
  });
  return {svg: new XMLSerializer().serializeToString(root), width, height: height + titleHeight + captionHeight};
}

function wrap(text: string, columns: number): string[] {
  const words = text.split(" ");
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if ((line + " " + w).trim().length > columns && line) {
      lines.push(line);
      line = w;
    } else line = (line + " " + w).trim();
  }
  if (line) lines.push(line);
  return lines;
}

/** PNG of the SVG export at `scale` × its size (2 by default). */
export async function chartPngBlob(id: string, scale = 2): Promise<Blob> {
  const {svg, width, height} = chartSvgText(id);
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], {type: "image/svg+xml"}));
  try {
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error("the SVG could not be drawn"));
      image.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext("2d")!;
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function chartCsv(id: string): string {
  const info = registry.get(id);
  if (!info?.table) throw new Error(`chart ${id} has no data table`);
  return toCsv(info.table.columns, info.table.rows, chartCaption(id));
}

/** Exposed for `npm run export`, which drives the built site headlessly. */
export function exposeExports(): void {
  (window as unknown as {llmMathExport: unknown}).llmMathExport = {
    charts: () => [...document.querySelectorAll<HTMLElement>("figure.chart[data-chart]")].map((f) => f.dataset.chart),
    svg: (id: string) => chartSvgText(id),
    png: async (id: string, scale: number) => {
      const blob = await chartPngBlob(id, scale);
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    csv: (id: string) => chartCsv(id)
  };
}
