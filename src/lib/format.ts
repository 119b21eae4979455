/** Number formatting for pages. Never returns "NaN", "Infinity" or "undefined". */

/** Fixed decimals with a real minus sign; "−∞"/"∞" for infinities and "—" for non-numbers. */
export function formatNumber(x: number, digits = 2): string {
  if (Number.isNaN(x) || typeof x !== "number") return "—";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  const s = x.toFixed(digits);
  const zero = Number(s) === 0;
  return (zero ? s.replace(/^-/, "") : s).replace(/^-/, "−");
}

const SI = [
  {p: 1e15, s: "P"},
  {p: 1e12, s: "T"},
  {p: 1e9, s: "G"},
  {p: 1e6, s: "M"},
  {p: 1e3, s: "k"}
];

/** 3 significant figures with an SI prefix: 1.23e9 → "1.23 G". Decimal prefixes (k = 1000). */
export function formatSI(x: number, unit = "", digits = 3): string {
  if (!Number.isFinite(x)) return "—";
  const abs = Math.abs(x);
  for (const {p, s} of SI) {
    if (abs >= p) return `${Number((x / p).toPrecision(digits))} ${s}${unit}`;
  }
  return `${Number(x.toPrecision(digits))}${unit ? " " + unit : ""}`;
}

/** Bytes in decimal units (GB = 10⁹ bytes), the convention of GPU datasheets and model cards. */
export function formatBytes(bytes: number, digits = 3): string {
  return formatSI(bytes, "B", digits);
}

/** Bytes in binary units (GiB = 2³⁰ bytes), as operating systems and nvidia-smi report them. */
export function formatBinaryBytes(bytes: number, digits = 3): string {
  if (!Number.isFinite(bytes)) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let x = bytes;
  let u = 0;
  while (Math.abs(x) >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return `${Number(x.toPrecision(digits))} ${units[u]}`;
}

/** Scientific notation with 3 significant figures, as FLOP budgets are written: 3.14e23 → "3.14e23"; "—" when not finite. */
export function formatScientific(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2).replace("e+", "e").replace(/^-/, "−") : "—";
}

/** A large count in scientific notation as TeX: 3.14e23 → "3.14 \times 10^{23}". */
export function texScientific(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return "\\text{—}";
  if (x === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp >= -2 && exp < 5) return String(Number(x.toPrecision(digits)));
  const mant = Number((x / Math.pow(10, exp)).toPrecision(digits));
  return `${mant} \\times 10^{${exp}}`;
}

/** A count with K/M/B/T suffixes (B = 10⁹, as model cards write parameters and tokens): 1.75e11 → "175B". */
export function formatCount(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return "—";
  const abs = Math.abs(x);
  for (const [p, s] of [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]] as const) {
    if (abs >= p) return `${Number((x / p).toPrecision(digits))}${s}`;
  }
  return String(Number(x.toPrecision(digits)));
}

/** At most `digits` significant figures with thousands separators, as readouts write them: 1234.5 → "1,230"; "—" when not finite. */
export function formatSignificant(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toLocaleString("en-US", {maximumSignificantDigits: digits}).replace(/^-/, "−") : "—";
}

/** Text made safe inside HTML markup, in element content or a double-quoted attribute (& < > " escaped). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
