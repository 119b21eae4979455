/**
 * Writes control values into the page URL (no history entry), in an idle moment after the frame
 * that shows the change has painted; currentUrl() gives the URL with every pending value written.
 */
import {formatParam} from "../lib/params.js";
import {whenIdle} from "./idle.js";

const pendingParams = new Map<string, string>();

/**
 * Write one parameter into the URL without adding a history entry. The write waits until the
 * frame that shows the change has painted, and then for an idle moment (at most 250 ms):
 * Chromium's `history.replaceState` saves the scroll position with the entry, which forces a
 * style and layout pass over a page the change has just made dirty (1–6 ms per change,
 * measured with bench/profile.ts TRACE=layout), and even after the paint it took 0.5–6.6 ms —
 * in a task right after the frame, where it delayed the next frame of a slider drag. Writes
 * made before then (a preset setting six fields, a slider dragged) land in one replaceState.
 */
export function writeUrlParam(key: string, value: number | string | boolean): void {
  if (pendingParams.size === 0) afterPaintWhenIdle(flushUrlParams);
  pendingParams.set(key, formatParam(value));
}

function afterPaintWhenIdle(callback: () => void): void {
  if (document.visibilityState === "hidden") queueMicrotask(callback); // no frames in a hidden tab
  else requestAnimationFrame(() => whenIdle(callback, 250));
}

function flushUrlParams(): void {
  if (pendingParams.size === 0) return;
  const url = new URL(location.href);
  for (const [key, value] of pendingParams) url.searchParams.set(key, value);
  pendingParams.clear();
  history.replaceState(history.state, "", url);
}

if (typeof addEventListener === "function") addEventListener("pagehide", flushUrlParams);

/** The page's URL with every control's latest value (for a copied link or an export's caption). */
export function currentUrl(): URL {
  flushUrlParams();
  return new URL(location.href);
}
