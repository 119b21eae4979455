/**
 * Build-time TeX for registry formulas, from their mathjs expression (node only:
 * mathjs stays out of the browser bundle). `template` marks each symbol as @@name@@,
 * which the page replaces with live numbers.
 */
import {parse, type MathNode} from "mathjs";
import type {Formula, FormulaTex} from "./formulas.js";

function texWith(node: MathNode, symbolTex: (name: string) => string | undefined): string {
  return node.toTex({
    parenthesis: "auto",
    implicit: "show",
    handler: (n: MathNode) => (n.type === "SymbolNode" ? symbolTex((n as unknown as {name: string}).name) : undefined)
  });
}

export function formulaTex(formula: Formula): FormulaTex {
  const node = parse(formula.expr);
  const symbols = formula.symbols as Record<string, {tex: string}>;
  const known = (name: string) => {
    if (!(name in symbols)) throw new Error(`formula ${formula.id}: symbol ${name} has no TeX`);
    return name;
  };
  return {
    id: formula.id,
    title: formula.title,
    result: formula.result.tex,
    symbolic: texWith(node, (name) => (name in symbols ? `{${symbols[known(name)].tex}}` : undefined)),
    template: texWith(node, (name) => (name in symbols ? `{@@${known(name)}@@}` : undefined))
  };
}
