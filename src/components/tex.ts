/**
 * KaTeX, served from this site (no CDN). Framework copies every file named by a
 * literal `import.meta.resolve(...)` into dist/_node/, keeping KaTeX's folder
 * layout, so the stylesheet's relative `url(fonts/…)` references resolve.
 */
import katex from "katex";
import {isNearViewport, rebuildWhenVisible, renderWhenVisible} from "./lazy-render.js";

const stylesheet = import.meta.resolve("katex/dist/katex.min.css");
// One literal line per font file, so each is copied into the build.
export const KATEX_FONTS = [
  import.meta.resolve("katex/dist/fonts/KaTeX_AMS-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Caligraphic-Bold.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Caligraphic-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Fraktur-Bold.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Fraktur-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Main-Bold.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Main-BoldItalic.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Main-Italic.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Main-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Math-BoldItalic.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Math-Italic.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_SansSerif-Bold.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_SansSerif-Italic.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_SansSerif-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Script-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Size1-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Size2-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Size3-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Size4-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Typewriter-Regular.woff2"),
];

let linked = false;
function ensureStylesheet(): void {
  if (linked || typeof document === "undefined") return;
  linked = true;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = stylesheet;
  document.head.appendChild(link);
}

/** Rendered HTML by source and mode; a re-run cell that shows the same formula skips KaTeX. */
const rendered = new Map<string, string>();
const CACHE_LIMIT = 500;

function markupFor(source: string, displayMode: boolean): string {
  const key = (displayMode ? "D" : "I") + source;
  let markup = rendered.get(key);
  if (markup === undefined) {
    markup = katex.renderToString(source, {displayMode, output: "htmlAndMathml", throwOnError: false, trust: false});
    if (rendered.size >= CACHE_LIMIT) rendered.delete(rendered.keys().next().value!);
    rendered.set(key, markup);
  }
  return markup;
}

/** Runs KaTeX on `source` now, so a later tex/tex.block/retypesetText of it only reads the cache. */
export function prepareTex(source: string, displayMode: boolean): void {
  markupFor(source, displayMode);
}

/** The markup each typeset root shows, for retypesetText. */
const shownMarkup = new WeakMap<Element, string>();

function render(source: string, displayMode: boolean): HTMLElement {
  ensureStylesheet();
  const root = document.createElement(displayMode ? "div" : "span");
  root.className = displayMode ? "tex-block" : "tex-inline";
  const markup = markupFor(source, displayMode);
  root.innerHTML = markup;
  shownMarkup.set(root, markup);
  return root;
}

/** KaTeX's markup as alternating text and tags: even entries are text (maybe empty), odd ones tags. */
const splitMarkup = (markup: string) => markup.split(/(<[^>]*>)/);
/** The text a markup text segment shows (KaTeX escapes only & < > " '). */
const decodeText = (text: string) =>
  text.includes("&") ? text.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, e: string) => ({amp: "&", lt: "<", gt: ">", quot: '"'})[e as "amp"] ?? "'") : text;

/**
 * Typesets `source` into a display block made by tex.block, in place, when KaTeX's markup for it
 * has exactly the tags and attributes of what the block shows and differs only in text — a
 * formula whose numbers changed but kept their form (4096 → 8192, 1.2 × 10⁹ → 3.4 × 10⁹). Only
 * the changed text nodes are rewritten: no HTML parse, no new elements to style, a small
 * re-layout. Returns false, changing nothing, when the structure differs (or `block` was not
 * made by tex.block); the caller then builds a new block.
 */
export function retypesetText(block: Element, source: string): boolean {
  const shown = shownMarkup.get(block);
  if (shown === undefined) return false;
  const markup = markupFor(source, true);
  if (markup === shown) return true;
  const before = splitMarkup(shown), after = splitMarkup(markup);
  if (before.length !== after.length) return false;
  // Which text nodes change: the block has one text node per non-empty text segment, in order.
  const edits = new Map<number, string>();
  let textIndex = 0;
  for (let i = 0; i < after.length; i++) {
    if (i % 2 === 1) {
      if (before[i] !== after[i]) return false;
    } else if ((before[i] === "") !== (after[i] === "")) return false;
    else if (after[i] !== "") {
      if (before[i] !== after[i]) edits.set(textIndex, decodeText(after[i]));
      textIndex++;
    }
  }
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  if (nodes.length !== textIndex) return false;
  for (const [i, text] of edits) nodes[i].data = text;
  shownMarkup.set(block, markup);
  return true;
}

function join(strings: TemplateStringsArray | string, values: unknown[]): string {
  if (typeof strings === "string") return strings;
  return strings.raw.reduce((s, part, i) => s + part + (i < values.length ? String(values[i]) : ""), "");
}

/** Inline TeX: tex`x^2` or tex("x^2"). Uses raw strings, so backslashes need no escaping. */
export function tex(strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement {
  return render(join(strings, values), false);
}
/** Display-mode TeX block. */
tex.block = function block(strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement {
  return render(join(strings, values), true);
};

/** The latest container and source per keptTexBlock key. */
const keptBlocks = new Map<string, {source: string; element: HTMLElement}>();

/**
 * A display block for `source` in a `<div class=className>` that a re-run cell can leave on the
 * page (displayUnlessShown): the container made last time under `key`, as it was when the source
 * is unchanged. A new source is typeset when the container is near the viewport (lazy-render.ts):
 * at once then — written into the block's text when only numbers changed (retypesetText), a new
 * block otherwise — and else when it comes near, so a block off screen costs no KaTeX run.
 */
export function keptTexBlock(key: string, source: string, className = "tex-kept"): HTMLElement {
  const last = keptBlocks.get(key);
  if (last) {
    if (last.source !== source && !(isNearViewport(key) && retypesetContainer(last.element, source))) rebuildWhenVisible(last.element, () => tex.block(source));
    last.source = source;
    return last.element;
  }
  const element = renderWhenVisible(key, () => tex.block(source), className);
  keptBlocks.set(key, {source, element});
  return element;
}

/** Rewrite the numbers of the block in a kept container; false when it is not built yet or its form changed. */
function retypesetContainer(container: HTMLElement, source: string): boolean {
  const block = container.firstElementChild;
  return block !== null && block.classList.contains("tex-block") && retypesetText(block, source);
}
