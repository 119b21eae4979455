/** Deterministic pseudo-random numbers, so a seed in the URL reproduces a view exactly. */

/** 32-bit FNV-1a hash of a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast generator of uniform numbers in [0, 1). */
export function uniformGenerator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box–Muller) from a seeded uniform generator. */
export function normalGenerator(seed: number): () => number {
  const uniform = uniformGenerator(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - uniform(); // (0, 1]
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/**
 * One Gamma(shape, 1) sample (Marsaglia & Tsang 2000, "A simple method for generating gamma
 * variables"), from seeded normal and uniform streams; shape > 0 (below 1 by the boost
 * Gamma(a) = Gamma(a + 1)·U^(1/a)). About one normal and one uniform per sample, whatever the shape:
 * a χ² with k degrees of freedom is 2·Gamma(k/2) without summing k squared normals.
 */
export function gammaSample(shape: number, normal: () => number, uniform: () => number): number {
  if (shape < 1) return gammaSample(shape + 1, normal, uniform) * Math.pow(1 - uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - uniform(); // (0, 1]
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A rows × cols matrix of N(0, scale²) entries. */
export function gaussianMatrix(rows: number, cols: number, seed: number, scale = 1): number[][] {
  const normal = normalGenerator(seed);
  return Array.from({length: rows}, () => Array.from({length: cols}, () => normal() * scale));
}
