/**
 * Pure helpers for sharing a chart: the embed URL, the iframe snippet, the caption line
 * that travels with every export, and CSV text. No DOM.
 */
import {escapeHtml} from "./format.js";

/** URL flags read by the page tools; they are not control values. */
export const VIEW_FLAGS = ["embed", "controls", "present", "contrast"] as const;

/** The page URL for one chart alone: all current control values plus embed=<id> (and controls=0 when frozen). */
export function embedUrl(href: string, chartId: string, withControls: boolean): string {
  const url = new URL(href);
  for (const flag of VIEW_FLAGS) url.searchParams.delete(flag);
  url.searchParams.set("embed", chartId);
  if (!withControls) url.searchParams.set("controls", "0");
  url.hash = "";
  return url.toString();
}

/** An <iframe> sized for a 16:9 slide. */
export function iframeSnippet(src: string, title: string, width = 960, height = 540): string {
  return `<iframe src="${escapeHtml(src)}" title="${escapeHtml(title)}" width="${width}" height="${height}" style="border:0;max-width:100%;aspect-ratio:16/9" loading="lazy"></iframe>`;
}

/** The control values in a query string, as "name = value" pairs, flags left out. */
export function describeParameters(search: string): string {
  const query = new URLSearchParams(search);
  const parts: string[] = [];
  for (const [key, value] of query) if (!(VIEW_FLAGS as readonly string[]).includes(key)) parts.push(`${key} = ${value}`);
  return parts.length ? parts.join(", ") : "default settings";
}

/** One caption line: title, parameters, source and where it came from. */
export function captionLine(title: string, search: string, source: string | undefined, pageUrl: string): string {
  return `${title}. Parameters: ${describeParameters(search)}. Source: ${source ?? "computed by src/lib"}. From ${pageUrl}`;
}

/** RFC 4180 CSV: fields with commas, quotes or newlines are quoted; a leading comment line carries the caption. */
export function toCsv(columns: string[], rows: (string | number)[][], caption?: string): string {
  const field = (v: string | number) => {
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.map(field).join(","), ...rows.map((r) => r.map(field).join(","))];
  return (caption ? `# ${caption.replace(/[\r\n]+/g, " ")}\n` : "") + lines.join("\n") + "\n";
}

/** A file-name-safe slug. */
export function fileSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "chart";
}
