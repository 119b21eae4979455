/**
 * Typed, validated tables for data loaders. A schema names each column's type and
 * limits; `validateTable` turns CSV records into objects or throws a DataError that
 * names the file, the line and the problem — so a bad row fails the build loudly.
 */
import {parseCsvRecords} from "./csv.js";

export type Column =
  | {type: "string"; required?: boolean; pattern?: RegExp}
  | {type: "number"; required?: boolean; min?: number; max?: number; integer?: boolean}
  | {type: "boolean"; required?: boolean}
  | {type: "enum"; required?: boolean; options: readonly string[]};

export type Schema = Record<string, Column>;

type ColumnValue<C extends Column> = C extends {type: "number"}
  ? number
  : C extends {type: "boolean"}
    ? boolean
    : string;

export type Row<S extends Schema> = {
  [K in keyof S]: S[K] extends {required: true} ? ColumnValue<S[K]> : ColumnValue<S[K]> | null;
} & {line: number};

export class DataError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = "DataError";
  }
}

/** Parse a plain decimal or scientific number; anything else (including "NaN", "1,000", "12%") is rejected. */
export function parseStrictNumber(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const x = Number(t);
  return Number.isFinite(x) ? x : null;
}

function parseCell(file: string, line: number, name: string, column: Column, raw: string): unknown {
  const text = raw.trim();
  if (text === "") {
    if (column.required) throw new DataError(file, line, `column "${name}" is required but empty`);
    return null;
  }
  switch (column.type) {
    case "string":
      if (column.pattern && !column.pattern.test(text)) throw new DataError(file, line, `column "${name}": "${text}" does not match ${column.pattern}`);
      return text;
    case "number": {
      const x = parseStrictNumber(text);
      if (x === null) throw new DataError(file, line, `column "${name}": "${text}" is not a number`);
      if (column.integer && !Number.isInteger(x)) throw new DataError(file, line, `column "${name}": ${text} is not a whole number`);
      if (column.min !== undefined && x < column.min) throw new DataError(file, line, `column "${name}": ${text} is below the minimum ${column.min}`);
      if (column.max !== undefined && x > column.max) throw new DataError(file, line, `column "${name}": ${text} is above the maximum ${column.max}`);
      return x;
    }
    case "boolean":
      if (text === "true") return true;
      if (text === "false") return false;
      throw new DataError(file, line, `column "${name}": "${text}" is not true or false`);
    case "enum":
      if (!column.options.includes(text)) throw new DataError(file, line, `column "${name}": "${text}" is not one of ${column.options.join(", ")}`);
      return text;
  }
}

/** Validate CSV text against a schema: the header must list exactly the schema's columns. */
export function validateTable<S extends Schema>(file: string, text: string, schema: S): Row<S>[] {
  let records;
  try {
    records = parseCsvRecords(text);
  } catch (error) {
    const m = /^line (\d+): (.*)$/.exec((error as Error).message);
    throw new DataError(file, m ? Number(m[1]) : 1, m ? m[2] : (error as Error).message);
  }
  if (records.length === 0) throw new DataError(file, 1, "the file is empty");
  const [header, ...body] = records;
  const names = Object.keys(schema);
  const columns = header.fields.map((f) => f.trim());
  const missing = names.filter((n) => !columns.includes(n));
  const extra = columns.filter((c) => !(c in schema));
  if (missing.length || extra.length) {
    throw new DataError(file, header.line, [missing.length ? `missing column(s) ${missing.join(", ")}` : "", extra.length ? `unknown column(s) ${extra.join(", ")}` : ""].filter(Boolean).join("; "));
  }
  return body.map(({line, fields}) => {
    if (fields.length !== columns.length) throw new DataError(file, line, `expected ${columns.length} fields, found ${fields.length}`);
    const row: Record<string, unknown> = {line};
    columns.forEach((name, i) => {
      row[name] = parseCell(file, line, name, schema[name], fields[i]);
    });
    return row as Row<S>;
  });
}

/** Throw a DataError for `row` unless `condition` holds. */
export function check(condition: boolean, file: string, line: number, problem: string): asserts condition {
  if (!condition) throw new DataError(file, line, problem);
}
