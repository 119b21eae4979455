/**
 * A matrix as a labelled heatmap: an HTML table (so it is its own text alternative),
 * colour-blind-safe colours, the value in each cell, the full value on hover, and
 * arrow-key navigation with one tab stop (roving tabindex). A matrix wider than
 * COMPACT_COLUMNS is drawn with colour-only cells (its value is the cell's accessible name).
 */
import {interpolatePuOr, interpolateBlues} from "d3-scale-chromatic";
import {color as d3color} from "d3-color";
import {escapeHtml, formatNumber} from "../lib/format.js";
import {isNearViewport, rebuildWhenVisible, renderWhenVisible} from "./lazy-render.js";
import {memoOutput, sameDependencies} from "./memo-output.js";
import {setText} from "./set-text.js";

export interface HeatmapOptions {
  title: string;
  /** Which figure this is across re-renders (default: the title); give one when the title changes with a control. */
  key?: string;
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

/**
 * Matrices with more columns than this are drawn compact: small colour-only cells, whose value
 * is their accessible name (aria-label) and, at full precision, their title when pointed at or
 * focused. 32 columns of numbers are too wide to read as numbers, while their colours show a
 * pattern (the positional encoding's stripes) at a glance; and a change rewrites no text, which
 * the browser would have to lay out again cell by cell (about 10 µs a cell on this machine).
 */
const COMPACT_COLUMNS = 16;
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
    body.querySelector("tr.highlight")?.removeAttribute("class"); // rows carry no other class
    body.rows[queryRow]?.classList.add("highlight");
  }
}

/** The figure last made for each key: the options its table was built with and what it shows. */
const kept = new Map<string, {figure: HTMLElement; style: string; content: unknown[]}>();

/** The options that decide how a table is built (another style: a new table), as opposed to what it shows. */
function tableStyle(o: HeatmapOptions): string {
  return JSON.stringify([o.scheme ?? "signed", o.digits ?? 2, !!o.queryRows, !!o.rowSuffix, o.note !== undefined]);
}

const dimensions = (matrix: number[][]) => `${matrix.length} × ${matrix.length ? matrix[0].length : 0}`;

/**
 * The heatmap's figure. Its table is built when the figure is near the viewport (lazy-render.ts,
 * keyed by `options.key`, default the title): a control change rebuilds only the matrices the
 * reader can see. The figure made last time for this key is returned as it is when nothing it
 * shows changed; otherwise, on screen, with its table rewritten in place — new numbers,
 * labels and title, rows and columns added or removed at the end — and off screen, with the
 * new table waiting to be built when it comes near. Either way the page keeps its elements
 * and a cell that displays only kept outputs shows nothing new.
 */
export function heatmap(matrix: number[][], options: HeatmapOptions): HTMLElement {
  const id = options.key ?? options.title;
  const key = `heatmap:${id}`;
  const style = tableStyle(options);
  const content = [options.title, options.rowLabels ?? null, options.colLabels ?? null, matrix, options.note ?? null, options.rowSuffix ? matrix.map((_, i) => options.rowSuffix!(i)) : null];
  const previous = kept.get(id);
  if (previous?.style === style) {
    if (sameDependencies(previous.content, content)) return previous.figure;
    const table = previous.figure.querySelector("table");
    if (table && isNearViewport(key)) updateHeatmapTable(table, matrix, options);
    else rebuildWhenVisible(previous.figure.querySelector<HTMLElement>(".heatmap-scroll")!, () => heatmapTable(matrix, options));
    previous.figure.setAttribute("aria-label", `${options.title} (${dimensions(matrix)})`);
    previous.content = content;
    return previous.figure;
  }
  const figure = document.createElement("figure");
  figure.className = options.queryRows ? "heatmap query-rows" : "heatmap";
  figure.setAttribute("aria-label", `${options.title} (${dimensions(matrix)})`);
  figure.append(renderWhenVisible(key, () => heatmapTable(matrix, options), "heatmap-scroll"));
  kept.set(id, {figure, style, content});
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

/** One cell's colour class and text. */
function cellContent(x: number, scheme: Scheme, extent: number, digits: number): {className: string; text: string} {
  const level = colourLevel(x, scheme, extent);
  return {
    className: level < 0 ? "hm-masked" : (scheme === "probability" ? "hm-p-" : "hm-s-") + level,
    text: x === -Infinity ? "−∞" : formatNumber(x, digits)
  };
}

const headLabel = (labels: string[] | undefined, i: number) => labels?.[i] ?? String(i + 1);

/** What each drawn table shows, for the titles given on demand. */
const shownMarkup = new WeakMap<HTMLTableElement, TableMarkup>();

/**
 * Markup for a table's pieces, built as escaped HTML strings: far cheaper than a DOM call per
 * cell. Screen readers get the cell text with its row and column headers, and the full-precision
 * title of a focused cell. One cell (the first) is the table's tab stop.
 */
class TableMarkup {
  readonly rows: number;
  readonly cols: number;
  /** Colour-only cells (more than COMPACT_COLUMNS columns). */
  readonly compact: boolean;
  private readonly extent: number;
  private readonly colHeads: string[];
  constructor(private readonly matrix: number[][], private readonly options: HeatmapOptions) {
    this.rows = matrix.length;
    this.cols = this.rows ? matrix[0].length : 0;
    this.compact = this.cols > COMPACT_COLUMNS;
    this.extent = finiteExtent(matrix);
    this.colHeads = Array.from({length: this.cols}, (_, j) => headLabel(options.colLabels, j));
  }
  colHead(j: number): string {
    return this.colHeads[j];
  }
  rowLabel(i: number): string {
    return headLabel(this.options.rowLabels, i);
  }
  cell(i: number, j: number): {className: string; text: string} {
    return cellContent(this.matrix[i][j], this.options.scheme ?? "signed", this.extent, this.options.digits ?? 2);
  }
  /** Cell (i, j) with its headers, at full precision: its hover title and accessible description. */
  title(i: number, j: number): string {
    const x = this.matrix[i][j];
    return `${this.rowLabel(i)}, ${this.colHeads[j]}: ${x === -Infinity ? "masked (−∞)" : formatNumber(x, 6)}`;
  }
  /** Column headers `from` to the last. */
  headCells(from: number): string {
    let html = "";
    for (let j = from; j < this.cols; j++) html += `<th scope="col">${escapeHtml(this.colHeads[j])}</th>`;
    return html;
  }
  /** Cells `from` to the last of row i. */
  bodyCells(i: number, from: number): string {
    let html = "";
    for (let j = from; j < this.cols; j++) {
      const c = this.cell(i, j);
      const tabindex = i === 0 && j === 0 ? 0 : -1;
      html += this.compact ? `<td tabindex="${tabindex}" class="${c.className}" aria-label="${escapeHtml(c.text)}"></td>` : `<td tabindex="${tabindex}" class="${c.className}">${c.text}</td>`;
    }
    return html;
  }
  /** Rows `from` to the last, whole. */
  bodyRows(from: number): string {
    const {queryRows, rowSuffix} = this.options;
    let html = "";
    for (let i = from; i < this.rows; i++) {
      html += `<tr${queryRows && i === queryRow ? ' class="highlight"' : ""}><th scope="row">${escapeHtml(this.rowLabel(i))}</th>${this.bodyCells(i, 0)}`;
      html += rowSuffix ? `<td class="row-suffix">${escapeHtml(rowSuffix(i))}</td></tr>` : "</tr>";
    }
    return html;
  }
}

/**
 * Rows with `have` cells after the row header (and before a row-suffix cell, if any) get
 * `want`: cells past `want` are removed, missing ones added from `markup(from)`.
 */
function fitCells(row: HTMLTableRowElement, have: number, want: number, markup: (from: number) => string): void {
  for (let j = have; j > want; j--) row.cells[j].remove();
  if (want > have) {
    const suffix = row.cells[1 + have];
    if (suffix) suffix.insertAdjacentHTML("beforebegin", markup(have));
    else row.insertAdjacentHTML("beforeend", markup(have));
  }
}

/** A drawn table shows another matrix of the same style: only what differs is written, rows and columns added or removed at the end. */
function updateHeatmapTable(table: HTMLTableElement, matrix: number[][], options: HeatmapOptions): void {
  const m = new TableMarkup(matrix, options);
  if (table.classList.contains("compact") !== m.compact) {
    table.replaceWith(heatmapTable(matrix, options)); // crossing COMPACT_COLUMNS: other cells
    return;
  }
  shownMarkup.set(table, m);
  const caption = table.caption!;
  const strong = caption.querySelector("strong")!;
  setText(strong, options.title);
  setText(strong.nextSibling, ` (${dimensions(matrix)})`);
  if (options.note !== undefined) setText(caption.querySelector(".heatmap-note"), options.note);
  const headRow = table.tHead!.rows[0];
  const bodyRows = table.tBodies[0].rows;
  const haveCols = headRow.cells.length - 1 - (options.rowSuffix ? 1 : 0);
  const keepCols = Math.min(haveCols, m.cols);
  fitCells(headRow, haveCols, m.cols, (from) => m.headCells(from));
  for (let j = 0; j < keepCols; j++) setText(headRow.cells[j + 1], m.colHead(j));
  while (bodyRows.length > m.rows) bodyRows[bodyRows.length - 1].remove();
  const keepRows = bodyRows.length;
  for (let i = 0; i < keepRows; i++) {
    const row = bodyRows[i];
    setText(row.cells[0], m.rowLabel(i));
    fitCells(row, haveCols, m.cols, (from) => m.bodyCells(i, from));
    const cells = row.cells;
    for (let j = 0; j < keepCols; j++) {
      const td = cells[j + 1];
      const c = m.cell(i, j);
      if (td.className !== c.className) td.className = c.className;
      if (!m.compact) setText(td, c.text);
      else if (td.getAttribute("aria-label") !== c.text) td.setAttribute("aria-label", c.text);
      if (td.hasAttribute("title")) td.removeAttribute("title"); // given again when pointed at or focused
    }
    if (options.rowSuffix) setText(cells[m.cols + 1], options.rowSuffix(i));
  }
  if (m.rows > keepRows) table.tBodies[0].insertAdjacentHTML("beforeend", m.bodyRows(keepRows));
  // Keep one tab stop when the cell that had it was removed.
  if (m.rows && m.cols && !table.tBodies[0].querySelector('td[tabindex="0"]')) (table.tBodies[0].rows[0].cells[1] as HTMLElement).tabIndex = 0;
}

function heatmapTable(matrix: number[][], options: HeatmapOptions): HTMLTableElement {
  addLevelStyles();
  const m = new TableMarkup(matrix, options);
  const table = document.createElement("table");
  shownMarkup.set(table, m);
  table.setAttribute("role", "grid");
  if (m.compact) table.className = "compact";
  const caption = table.createCaption();
  const strong = document.createElement("strong");
  strong.textContent = options.title;
  caption.append(strong, document.createTextNode(` (${dimensions(matrix)})`));
  if (options.note !== undefined) {
    const span = document.createElement("span");
    span.className = "heatmap-note";
    span.textContent = options.note;
    caption.append(document.createElement("br"), span);
  }
  if (m.compact) {
    const span = document.createElement("span");
    span.className = "heatmap-compact-note";
    span.textContent = `Colour only at more than ${COMPACT_COLUMNS} columns: point at or focus a cell for its value.`;
    caption.append(document.createElement("br"), span);
  }
  table.createTHead().innerHTML = `<tr><th></th>${m.headCells(0)}${options.rowSuffix ? "<th></th>" : ""}</tr>`;
  table.createTBody().innerHTML = m.bodyRows(0);
  // A cell's full-precision title is given when it is pointed at or focused, rather than written
  // into every cell on every change (an attribute per cell: ~1 ms for 320 cells on this machine).
  const giveTitle = (event: Event) => {
    const td = (event.target as Element).closest?.("td");
    if (!td || !td.hasAttribute("tabindex") || td.parentElement?.parentElement !== table.tBodies[0]) return;
    const title = shownMarkup.get(table)!.title((td.parentElement as HTMLTableRowElement).sectionRowIndex, td.cellIndex - 1);
    if (td.title !== title) td.title = title;
  };
  table.addEventListener("pointerover", giveTitle);
  table.addEventListener("focusin", giveTitle);
  // Arrow keys move the tab stop; the grid's cells are read at each key (the table may have been resized).
  table.addEventListener("keydown", (event) => {
    const moves: Record<string, [number, number]> = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
    const move = moves[event.key];
    const target = event.target as HTMLTableCellElement;
    if (!move || target.tagName !== "TD" || !target.hasAttribute("tabindex")) return;
    const cells = [...table.tBodies[0].rows].map((tr) => [...tr.querySelectorAll<HTMLTableCellElement>("td[tabindex]")]);
    const i0 = cells.findIndex((row) => row.includes(target));
    if (i0 < 0) return;
    event.preventDefault();
    const i = Math.min(cells.length - 1, Math.max(0, i0 + move[0]));
    const j = Math.min(cells[i].length - 1, Math.max(0, cells[i0].indexOf(target) + move[1]));
    target.tabIndex = -1;
    cells[i][j].tabIndex = 0;
    cells[i][j].focus();
  });
  return table;
}
