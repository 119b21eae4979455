/**
 * The chart wrapper every notebook uses: a titled <figure> around a chart element,
 * an accessible name, a one-sentence summary (the text alternative) and, on request,
 * the plotted numbers as a table.
 */
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
}

export function chartFigure(chart: Element, options: ChartFigureOptions): HTMLElement {
  const figure = document.createElement("figure");
  figure.className = "chart";
  figure.dataset.chart = options.id;
  const heading = document.createElement("figcaption");
  const title = document.createElement("strong");
  title.textContent = options.title;
  heading.append(title);
  figure.append(heading);
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", `${options.title}. ${options.summary}`);
  figure.append(chart);
  const summary = document.createElement("p");
  summary.className = "chart-summary";
  summary.textContent = options.summary;
  figure.append(summary);
  if (options.table) {
    const details = document.createElement("details");
    const label = document.createElement("summary");
    label.textContent = "Show the numbers";
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const c of options.table.columns) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = c;
      head.append(th);
    }
    const body = table.createTBody();
    for (const row of options.table.rows) {
      const tr = body.insertRow();
      for (const cell of row) tr.insertCell().textContent = String(cell);
    }
    details.append(label, table);
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
