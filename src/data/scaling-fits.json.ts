// Scaling-law fits from data/scaling-fits.csv, validated: each row's form has all its constants,
// and the constants equal the ones src/lib/scaling.ts computes with (a drift fails the build).
import {readTable, runLoader} from "../lib/load-table.js";
import {check} from "../lib/table.js";
import {FITS} from "../lib/scaling.js";

const FILE = "scaling-fits.csv";
const positive = {type: "number", min: 0, max: 1e20} as const;

runLoader(() => {
  const seen = new Set<string>();
  return readTable(FILE, {
    fit: {type: "string", required: true, pattern: /^[a-z0-9_]+$/},
    form: {type: "enum", required: true, options: ["chinchilla", "kaplan"]},
    E: positive,
    A: positive,
    B: positive,
    alpha: {type: "number", min: 0, max: 2},
    beta: {type: "number", min: 0, max: 2},
    Nc: positive,
    Dc: positive,
    alpha_N: {type: "number", min: 0, max: 2},
    alpha_D: {type: "number", min: 0, max: 2},
    source: {type: "string", required: true},
    notes: {type: "string", required: true}
  }).map((row) => {
    check(!seen.has(row.fit), FILE, row.line, `duplicate fit "${row.fit}"`);
    seen.add(row.fit);
    const lib = (FITS as Record<string, (typeof FITS)[keyof typeof FITS]>)[row.fit];
    check(lib !== undefined, FILE, row.line, `fit "${row.fit}" is not in src/lib/scaling.ts FITS`);
    check(lib.kind === row.form, FILE, row.line, `fit "${row.fit}" is ${row.form} here but ${lib.kind} in src/lib/scaling.ts`);
    const needed = row.form === "chinchilla" ? (["E", "A", "B", "alpha", "beta"] as const) : (["Nc", "Dc", "alpha_N", "alpha_D"] as const);
    for (const column of needed) check(row[column] !== null, FILE, row.line, `a ${row.form} fit needs column "${column}"`);
    const constants =
      row.form === "chinchilla"
        ? {E: row.E as number, A: row.A as number, B: row.B as number, alpha: row.alpha as number, beta: row.beta as number}
        : {Nc: row.Nc as number, Dc: row.Dc as number, alphaN: row.alpha_N as number, alphaD: row.alpha_D as number};
    for (const [key, value] of Object.entries(constants)) {
      check((lib as unknown as Record<string, number>)[key] === value, FILE, row.line, `${key} = ${value} differs from src/lib/scaling.ts (${(lib as unknown as Record<string, number>)[key]})`);
    }
    return {id: row.fit, form: row.form, ...constants, label: lib.label, nCounts: lib.nCounts, source: row.source, notes: row.notes};
  });
});
