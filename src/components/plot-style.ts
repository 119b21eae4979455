/**
 * Observable Plot puts the same `<style>` element into every chart and legend it makes. Each
 * chart a control change swaps in or out then adds or removes a stylesheet, and the browser
 * re-matches styles for the page (about 2 ms per chart here, measured in bench/). The rules
 * are the same for every chart, so they go into the document once, and the copies are removed.
 */

/** Plot's default class (its name carries a hash of Plot's version). */
export const PLOT_CLASS = "plot-d6a7b5";

/** Plot 0.6's rules for charts, colour ramps and swatch legends, as it writes them. */
export const PLOT_CSS = `:where(.${PLOT_CLASS}) { --plot-background: white; display: block; height: auto; height: intrinsic; max-width: 100%; }
:where(.${PLOT_CLASS} text), :where(.${PLOT_CLASS} tspan) { white-space: pre; }
:where(.${PLOT_CLASS}-ramp) { display: block; height: auto; height: intrinsic; max-width: 100%; overflow: visible; }
:where(.${PLOT_CLASS}-ramp text) { white-space: pre; }
:where(.${PLOT_CLASS}-swatches) { font-family: system-ui, sans-serif; font-size: 10px; margin-bottom: 0.5em; }
:where(.${PLOT_CLASS}-swatch > svg) { margin-right: 0.5em; overflow: visible; }
:where(.${PLOT_CLASS}-swatches-wrap) { display: flex; align-items: center; min-height: 33px; flex-wrap: wrap; }
:where(.${PLOT_CLASS}-swatches-wrap .${PLOT_CLASS}-swatch) { display: inline-flex; align-items: center; margin-right: 1em; }`;

let installed = false;

/** Removes Plot's `<style>` copies from `element` (a chart, a legend or a wrapper of them) and makes sure the document has the rules once. */
export function sharePlotStyles<T extends Element>(element: T): T {
  for (const style of element.querySelectorAll("style")) style.remove();
  if (!installed && typeof document !== "undefined") {
    installed = true;
    const sheet = document.createElement("style");
    sheet.dataset.plotStyles = "";
    sheet.textContent = PLOT_CSS;
    document.head.append(sheet);
  }
  return element;
}
