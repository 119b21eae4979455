/** Small dense-matrix helpers on row-major number[][] (rows are tokens). */

export type Matrix = number[][];

/** A · B for an (n × k) A and a (k × m) B. */
export function matmul(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  const k = b.length;
  const m = k === 0 ? 0 : b[0].length;
  if (n > 0 && a[0].length !== k) throw new RangeError(`matmul: inner dimensions differ (${a[0].length} vs ${k})`);
  const out: Matrix = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(m).fill(0);
    const ai = a[i];
    for (let p = 0; p < k; p++) {
      const aip = ai[p];
      const bp = b[p];
      for (let j = 0; j < m; j++) row[j] += aip * bp[j];
    }
    out[i] = row;
  }
  return out;
}

/** Aᵀ. */
export function transpose(a: Matrix): Matrix {
  if (a.length === 0) return [];
  return a[0].map((_, j) => a.map((row) => row[j]));
}

/** Dot product of two equal-length vectors. */
export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** Columns [start, end) of every row. */
export function sliceColumns(a: Matrix, start: number, end: number): Matrix {
  return a.map((row) => row.slice(start, end));
}

/** Rows of several matrices joined side by side (the "concat" of multi-head attention). */
export function concatColumns(parts: Matrix[]): Matrix {
  if (parts.length === 0) return [];
  return parts[0].map((_, i) => parts.flatMap((p) => p[i]));
}

/** Element-wise sum of two equal-shape matrices. */
export function add(a: Matrix, b: Matrix): Matrix {
  return a.map((row, i) => row.map((x, j) => x + b[i][j]));
}
