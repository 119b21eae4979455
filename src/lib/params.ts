/**
 * URL parameters for page controls: a spec per control, and a parser that turns any
 * string (including garbage) into a valid value plus a human-readable message.
 * Messages never echo the raw value, so nothing a URL carries is rendered.
 */

export type ParamSpec =
  | {kind: "number"; label: string; default: number; min: number; max: number; integer?: boolean}
  | {kind: "choice"; label: string; default: string; options: readonly string[]}
  | {kind: "boolean"; label: string; default: boolean}
  | {kind: "text"; label: string; default: string; maxLength: number};

export type ParamSpecs = Record<string, ParamSpec>;

export type ParamValue<S extends ParamSpec> = S extends {kind: "number"}
  ? number
  : S extends {kind: "boolean"}
    ? boolean
    : string;

export type ParamValues<S extends ParamSpecs> = {[K in keyof S]: ParamValue<S[K]>};

export interface ParsedParam<T> {
  value: T;
  /** Set when the raw value was rejected or adjusted. */
  message?: string;
}

function formatLimit(x: number): string {
  return Math.abs(x) >= 1e6 ? x.toExponential(0).replace("e+", "e") : String(x);
}

/** Parse one raw URL value (null when absent) against its spec. */
export function parseParam<S extends ParamSpec>(raw: string | null, spec: S): ParsedParam<ParamValue<S>> {
  type V = ParamValue<S>;
  if (raw === null) return {value: spec.default as V};
  const fallback = (why: string): ParsedParam<V> => ({
    value: spec.default as V,
    message: `${spec.label}: the link's value ${why}; using the default, ${String(spec.default)}.`
  });
  switch (spec.kind) {
    case "number": {
      const trimmed = raw.trim();
      const x = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : NaN;
      if (!Number.isFinite(x)) return fallback("is not a number");
      let value = spec.integer ? Math.round(x) : x;
      if (value < spec.min || value > spec.max) {
        value = Math.min(spec.max, Math.max(spec.min, value));
        return {
          value: value as V,
          message: `${spec.label}: the link's value is outside ${formatLimit(spec.min)}–${formatLimit(spec.max)}; clamped to ${formatLimit(value)}.`
        };
      }
      return {value: value as V};
    }
    case "choice":
      return spec.options.includes(raw) ? {value: raw as V} : fallback(`is not one of ${spec.options.join(", ")}`);
    case "boolean":
      if (raw === "1" || raw === "true") return {value: true as V};
      if (raw === "0" || raw === "false") return {value: false as V};
      return fallback("is not true or false");
    case "text": {
      const clean = raw.replace(/[\u0000-\u001f<>]/g, " ").replace(/\s+/g, " ").trim();
      if (clean.length === 0) return spec.default === "" ? {value: "" as V} : fallback("is empty");
      if (clean.length > spec.maxLength) {
        return {value: clean.slice(0, spec.maxLength) as V, message: `${spec.label}: the link's text is longer than ${spec.maxLength} characters; shortened.`};
      }
      return {value: clean as V, message: clean !== raw ? `${spec.label}: removed characters that are not allowed.` : undefined};
    }
  }
}

/** Parse every spec'd parameter from a query string; unknown parameters are ignored. */
export function parseParams<S extends ParamSpecs>(search: string, specs: S): {values: ParamValues<S>; messages: string[]} {
  const query = new URLSearchParams(search);
  const values = {} as ParamValues<S>;
  const messages: string[] = [];
  for (const key of Object.keys(specs) as (keyof S & string)[]) {
    const parsed = parseParam(query.get(key), specs[key]);
    values[key] = parsed.value as ParamValues<S>[typeof key];
    if (parsed.message) messages.push(parsed.message);
  }
  return {values, messages};
}

/** The URL form of a value: booleans as 1/0, numbers without trailing noise. */
export function formatParam(value: number | string | boolean): string {
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") return String(Number(value.toPrecision(12)));
  return value;
}

/** Build a query string holding every value. */
export function serializeParams(values: Record<string, number | string | boolean>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) query.set(key, formatParam(value));
  return query.toString();
}
