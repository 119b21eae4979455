/**
 * A matrix as a labelled heatmap: an HTML table (so it is its own text alternative),
 * colour-blind-safe colours, the value in each cell, the full value on hover, and
 * arrow-key navigation with one tab stop (roving tabindex).
 */
import {interpolatePuOr, interpolateBlues} from "d3-scale-chromatic";
import {color as d3color} from "d3-color";
import {formatNumber} from "../lib/format.js";
import {isNearViewport, renderWhenVisible} from "./lazy-render.js";
import {memoOutput, sameDependencies} from "./memo-output.js";

export interface HeatmapOptions {
  title: string;
  /** Short explanation used as the table caption's second line. */
  note?: string;
  rowLabels?: string[];
  colLabels?: string[];
  /** "signed": diverging purple–orange around 0; "probability": sequential blues on [0, 1]. */
  scheme?: "signed" | "probability";
  /** Decimals shown in cells. */
  digits?: number;
  /** Rows are tokens: the row chosen with highlightQueryRow() is outlined. */
  queryRows?: boolean;
  /** Extra text per row, e.g. "Σ = 1.000". */
  rowSuffix?: (rowIndex: number) => string;
}

function relativeLuminance(rgb: string): number {
  const m = rgb.match(/\d+(\.\d+)?/g);
  if (!m) return 1;
  const [r, g, b] = m.slice(0, 3).map((c) => {
    const x = Number(c) / 255;
    return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const LEVELS = 256;
type Scheme = "signed" | "probability";

/** Index (0–255) of a value's colour level; −1 for masked or non-finite cells. */
function colourLevel(value: number, scheme: Scheme, extent: number): number {
  if (!Number.isFinite(value)) return -1;
  const t = scheme === "probability" ? Math.min(1, Math.max(0, value)) : 0.5 + 0.5 * Math.max(-1, Math.min(1, value / (extent || 1)));
  return Math.round(t * (LEVELS - 1));
}

/** Each level's background and a text colour that keeps ≥ 4.5:1 contrast. */
const colourTable = (scheme: Scheme) => Array.from({length: LEVELS}, (_, i) => computeCellColours(i / (LEVELS - 1), scheme));
const SIGNED_COLOURS = colourTable("signed");
const PROBABILITY_COLOURS = colourTable("probability");

/**
 * Cells carry a class per colour level (hm-s-0 … hm-p-255) from one stylesheet added on first
 * use, rather than an inline style each: the browser parses no CSS per cell.
 */
let levelStylesAdded = false;
function addLevelStyles(): void {
  if (levelStylesAdded) return;
  levelStylesAdded = true;
  const rule = (prefix: string, c: {background: string; color: string}, i: number) => `.heatmap td.${prefix}${i}{background:${c.background};color:${c.color}}`;
  const style = document.createElement("style");
  style.textContent = [
    ...SIGNED_COLOURS.map((c, i) => rule("hm-s-", c, i)),
    ...PROBABILITY_COLOURS.map((c, i) => rule("hm-p-", c, i)),
    ".heatmap td.hm-masked{background:var(--masked-bg);color:var(--theme-foreground-muted)}"
  ].join("\n");
  document.head.append(style);
}

function computeCellColours(t: number, scheme: Scheme): {background: string; color: string} {
  let background = scheme === "probability" ? interpolateBlues(t * 0.95) : interpolatePuOr(1 - t);
  // Pick whichever of near-black and white contrasts more with the cell (WCAG contrast ratio);
  // mid-tones that reach neither 4.5:1 are nudged lighter (dark text) or darker (white text).
  const contrast = (bg: string) => {
    const l = relativeLuminance(bg);
    return {white: 1.05 / (l + 0.05), black: (l + 0.05) / (0.0056 + 0.05)};
  };
  let c = contrast(background);
  const dark = c.black >= c.white;
  for (let i = 0; i < 12 && Math.max(c.white, c.black) < 4.6; i++) {
    const rgb = d3color(background)!;
    background = (dark ? rgb.brighter(0.08) : rgb.darker(0.08)).formatRgb();
    c = contrast(background);
  }
  return {background, color: dark ? "#111" : "#fff"};
}

/** The row outlined in every heatmap built with `queryRows` (0-based). */
let queryRow = 0;

/**
 * Outlines row `index` (0-based) of every heatmap built with `queryRows`, now and in later
 * builds: choosing another query token moves one class per matrix instead of rebuilding it.
 */
export function highlightQueryRow(index: number): void {
  queryRow = Math.max(0, Math.floor(index));
  for (const body of document.querySelectorAll<HTMLTableSectionElement>(".heatmap.query-rows tbody")) {
    body.querySelector("tr.highlight")?.classList.remove("highlight");
    body.rows[queryRow]?.classList.add("highlight");
  }
}

/** The figure last made for each title: the shape of its table and the numbers and texts it shows. */
const kept = new Map<string, {figure: HTMLElement; shape: string; content: unknown[]}>();

function tableShape(matrix: number[][], o: HeatmapOptions): string {
  return JSON.stringify([matrix.length, matrix.length ? matrix[0].length : 0, o.rowLabels ?? null, o.colLabels ?? null, o.scheme ?? "signed", o.digits ?? 2, !!o.queryRows, !!o.rowSuffix, o.note !== undefined]);
}

/**
 * The heatmap's figure. Its table is built when the figure is near the viewport (lazy-render.ts,
 * keyed by title): a control change rebuilds only the matrices the reader can see. The figure
 * made last time for this title is returned as it is when its numbers are unchanged, and with
 * its cells rewritten in place when it is on screen with a table of the same shape: nothing new
 * to lay out, and a cell that displays only kept outputs leaves them on the page.
 */
export function heatmap(matrix: number[][], options: HeatmapOptions): HTMLElement {
  const key = `heatmap:${options.title}`;
  const shape = tableShape(matrix, options);
  const content = [matrix, options.note ?? null, options.rowSuffix ? matrix.map((_, i) => options.rowSuffix!(i)) : null];
  const previous = kept.get(options.title);
  if (previous?.shape === shape) {
    if (sameDependencies(previous.content, content)) return previous.figure;
    const table = previous.figure.querySelector("table");
    if (table && isNearViewport(key)) {
      updateHeatmapTable(table, matrix, options);
      previous.content = content;
      return previous.figure;
    }
  }
  const figure = document.createElement("figure");
  figure.className = options.queryRows ? "heatmap query-rows" : "heatmap";
  figure.setAttribute("aria-label", `${options.title} (${matrix.length} × ${matrix.length ? matrix[0].length : 0})`);
  figure.append(renderWhenVisible(key, () => heatmapTable(matrix, options), "heatmap-scroll"));
  kept.set(options.title, {figure, shape, content});
  return figure;
}

/** Heatmaps side by side (`.matrix-row`); the same row element while they are the same figures. */
export function heatmapRow(key: string, figures: HTMLElement[]): HTMLElement {
  return memoOutput(`heatmap-row:${key}`, figures, () => {
    const row = document.createElement("div");
    row.className = "matrix-row";
    row.append(...figures);
    return row;
  });
}

/** Largest |value| over the finite cells: the signed scheme's colour extent. */
function finiteExtent(matrix: number[][]): number {
  let extent = 0;
  for (const row of matrix) for (const x of row) if (Number.isFinite(x)) extent = Math.max(extent, Math.abs(x));
  return extent;
}

/** One cell's colour class, text and hover title (full precision). */
function cellContent(x: number, scheme: Scheme, extent: number, digits: number, rowLabel: string, colHead: string): {className: string; text: string; title: string} {
  const level = colourLevel(x, scheme, extent);
  const masked = x === -Infinity;
  return {
    className: level < 0 ? "hm-masked" : (scheme === "probability" ? "hm-p-" : "hm-s-") + level,
    text: masked ? "−∞" : formatNumber(x, digits),
    title: `${rowLabel}, ${colHead}: ${masked ? "masked (−∞)" : formatNumber(x, 6)}`
  };
}

const headLabel = (labels: string[] | undefined, i: number) => labels?.[i] ?? String(i + 1);

/** New values into a drawn table of the same shape; only what differs is written. */
function updateHeatmapTable(table: HTMLTableElement, matrix: number[][], options: HeatmapOptions): void {
  const {note, rowLabels, colLabels, scheme = "signed", digits = 2, rowSuffix} = options;
  const extent = finiteExtent(matrix);
  const noteEl = table.caption?.querySelector(".heatmap-note");
  if (noteEl && note !== undefined && noteEl.textContent !== note) noteEl.textContent = note;
  const rows = table.tBodies[0].rows;
  for (let i = 0; i < matrix.length; i++) {
    const cells = rows[i].cells;
    for (let j = 0; j < matrix[i].length; j++) {
      const td = cells[j + 1];
      const c = cellContent(matrix[i][j], scheme, extent, digits, headLabel(rowLabels, i), headLabel(colLabels, j));
      if (td.className !== c.className) td.className = c.className;
      if (td.textContent !== c.text) td.textContent = c.text;
      if (td.title !== c.title) td.title = c.title;
    }
    if (rowSuffix) {
      const suffix = cells[matrix[i].length + 1];
      const text = rowSuffix(i);
      if (suffix.textContent !== text) suffix.textContent = text;
    }
  }
}

function heatmapTable(matrix: number[][], options: HeatmapOptions): HTMLTableElement {
  const {title, note, rowLabels, colLabels, scheme = "signed", digits = 2, queryRows = false, rowSuffix} = options;
  addLevelStyles();
  const rows = matrix.length;
  const cols = rows ? matrix[0].length : 0;
  const extent = finiteExtent(matrix);

  const table = document.createElement("table");
  table.setAttribute("role", "grid");
  const caption = table.createCaption();
  caption.innerHTML = "";
  const strong = document.createElement("strong");
  strong.textContent = title;
  caption.append(strong, document.createTextNode(` (${rows} × ${cols})`));
  if (note) {
    const span = document.createElement("span");
    span.className = "heatmap-note";
    span.textContent = note;
    caption.append(document.createElement("br"), span);
  }
  // Head and body are built as one escaped HTML string: far cheaper than a DOM call per cell.
  const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const colHeads = Array.from({length: cols}, (_, j) => headLabel(colLabels, j));
  let head = "<tr><th></th>";
  for (let j = 0; j < cols; j++) head += `<th scope="col">${esc(colHeads[j])}</th>`;
  head += rowSuffix ? "<th></th></tr>" : "</tr>";
  let body = "";
  for (let i = 0; i < rows; i++) {
    const rowLabel = headLabel(rowLabels, i);
    body += `<tr${queryRows && i === queryRow ? ' class="highlight"' : ""}><th scope="row">${esc(rowLabel)}</th>`;
    for (let j = 0; j < cols; j++) {
      // Full precision on hover; screen readers get the cell text with its row and column headers.
      const c = cellContent(matrix[i][j], scheme, extent, digits, rowLabel, colHeads[j]);
      body += `<td tabindex="${i === 0 && j === 0 ? 0 : -1}" title="${esc(c.title)}" class="${c.className}">${c.text}</td>`;
    }
    body += rowSuffix ? `<td class="row-suffix">${esc(rowSuffix(i))}</td></tr>` : "</tr>";
  }
  table.createTHead().innerHTML = head;
  table.createTBody().innerHTML = body;
  // Found on the first arrow key, not on every render.
  let cells: HTMLTableCellElement[][] | null = null;
  table.addEventListener("keydown", (event) => {
    const target = event.target as HTMLTableCellElement;
    cells ??= [...table.tBodies[0].rows].map((tr) => [...tr.querySelectorAll<HTMLTableCellElement>("td[tabindex]")]);
    let pos: [number, number] | null = null;
    for (let i = 0; i < rows && !pos; i++) {
      const j = cells[i].indexOf(target);
      if (j >= 0) pos = [i, j];
    }
    if (!pos) return;
    const moves: Record<string, [number, number]> = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const i = Math.min(rows - 1, Math.max(0, pos[0] + move[0]));
    const j = Math.min(cols - 1, Math.max(0, pos[1] + move[1]));
    target.tabIndex = -1;
    cells[i][j].tabIndex = 0;
    cells[i][j].focus();
  });
  return table;
}
