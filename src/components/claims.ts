/** The audit page's claim list: one card per claim with paraphrase, printed and normalised value, verdict and working. */
import {VERDICT_COLOURS} from "./palette.js";
import {describeNormalized} from "../lib/units.js";
import type {Claim} from "../lib/claims.js";

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function verdictBadge(verdict: Claim["verdict"]): HTMLElement {
  const symbol = {consistent: "✓", plausible: "≈", unverifiable: "?", inconsistent: "✗"}[verdict];
  const b = el("span", `verdict verdict-${verdict}`, `${symbol} ${verdict}`);
  b.style.setProperty("--verdict", VERDICT_COLOURS[verdict]);
  return b;
}

/** Claims never change on a page, so each card is built once and moved between filtered lists. */
const cards = new Map<string, HTMLElement>();

function claimCard(c: Claim): HTMLElement {
  let item = cards.get(c.id);
  if (item) return item;
  item = el("li", c.verdict === "inconsistent" ? "claim claim-inconsistent" : "claim");
  item.id = c.id;
  const head = el("div", "claim-head");
  head.append(el("code", "", c.id), verdictBadge(c.verdict), el("span", "claim-meta", `${c.topic} · ${c.section} · ${c.doc}`));
  const statement = el("p", "claim-statement", c.statement_en);
  if (c.term_zh) {
    const term = el("span", "claim-term", ` (${c.term_zh})`);
    term.lang = "zh";
    statement.append(term);
  }
  const numbers = el("p", "claim-numbers");
  numbers.append(el("strong", "", "Printed: "), document.createTextNode(`${c.value} ${c.unit === "none" ? "" : c.unit}`.trim()), el("strong", "", " · normalised: "), document.createTextNode(describeNormalized({value: c.normalized, base: c.base})));
  const working = el("p", "claim-check");
  working.append(el("strong", "", c.decidedBy === "calculation" ? "Calculation: " : "Check: "), document.createTextNode(c.check));
  const sources = el("p", "claim-sources", `Sources: ${c.sources.join("; ")}`);
  item.append(head, statement, numbers, working, sources);
  if (c.page) {
    const link = el("a", "claim-explore", "Explore these numbers →");
    link.href = `.${c.page}`;
    item.append(link);
  }
  cards.set(c.id, item);
  return item;
}

/** Cards for up to `limit` claims, with a count of those not shown. */
export function claimList(claims: Claim[], limit = 400): HTMLElement {
  const list = el("ol", "claim-list");
  list.append(...claims.slice(0, limit).map(claimCard));
  const wrap = el("div", "");
  const count = el("p", "claim-count", claims.length > limit ? `Showing ${limit} of ${claims.length} claims.` : `${claims.length} claim${claims.length === 1 ? "" : "s"}.`);
  count.setAttribute("role", "status");
  wrap.append(count, list);
  return wrap;
}
