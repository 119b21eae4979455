/**
 * Scaling laws: parametric loss fits L(N, D), training compute C ≈ 6ND, and the
 * compute-optimal split of a FLOP budget between parameters N and training tokens D.
 *
 * Conventions: N in parameters (which parameters depends on the fit — see `nCounts`),
 * D in training tokens, C in FLOPs with a multiply-add counted as 2 FLOPs, loss in
 * nats per token. Losses from different fits are not comparable with each other
 * (different data, tokenizers and definitions of N). The constants are copied from
 * data/scaling-fits.csv and data/scaling-exponents.csv; a unit test checks they match.
 */

/** L(N, D) = E + A/N^α + B/D^β (Hoffmann et al. 2022, eq. 2). N counts all parameters incl. embeddings. */
export interface ChinchillaFit {
  kind: "chinchilla";
  /** Irreducible loss, nats/token. */
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
  label: string;
  source: string;
  nCounts: "total parameters";
}

/** L(N, D) = [(Nc/N)^(αN/αD) + Dc/D]^αD (Kaplan et al. 2020, eq. 1.5). N excludes embeddings. */
export interface KaplanFit {
  kind: "kaplan";
  /** Parameters (non-embedding). */
  Nc: number;
  /** Tokens. */
  Dc: number;
  alphaN: number;
  alphaD: number;
  label: string;
  source: string;
  nCounts: "non-embedding parameters";
}

export type ScalingFit = ChinchillaFit | KaplanFit;

/** A compute-optimal allocation: parameters and tokens. */
export interface Allocation {
  n: number;
  d: number;
}

/** The published fits, keyed as in data/scaling-fits.csv. */
export const FITS = {
  /**
   * Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models" (arXiv:2203.15556),
   * Approach 3, Appendix D.2 eq. (10), with the rounded values printed in the paper.
   * MassiveText, 32k SentencePiece tokenizer.
   */
  hoffmann2022: {
    kind: "chinchilla", E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28,
    label: "Hoffmann et al. 2022 (Chinchilla, approach 3)",
    source: "Hoffmann et al. 2022 (arXiv:2203.15556), Appendix D.2 eq. (10)",
    nCounts: "total parameters"
  },
  /**
   * The same Hoffmann et al. 2022 Approach-3 fit before rounding (from the arXiv TeX source),
   * as reported by Besiroglu et al. 2024 (arXiv:2404.10102v2), Sec. 3. This version, not the
   * rounded one, reproduces Hoffmann's Table A3 projections (to within 8% in N).
   */
  hoffmann2022_tex: {
    kind: "chinchilla", E: 1.6934, A: 406.4, B: 410.7, alpha: 0.3392, beta: 0.2849,
    label: "Hoffmann et al. 2022 (unrounded)",
    source: "Hoffmann et al. 2022 TeX source values, via Besiroglu et al. 2024 (arXiv:2404.10102v2) Sec. 3",
    nCounts: "total parameters"
  },
  /**
   * Besiroglu, Erdil, Barnett, You 2024, "Chinchilla Scaling: A replication attempt"
   * (arXiv:2404.10102v2), Sec. 3: refit of Approach 3 on data digitised from Hoffmann Fig. 4.
   */
  besiroglu2024: {
    kind: "chinchilla", E: 1.8172, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658,
    label: "Besiroglu et al. 2024 (replication)",
    source: "Besiroglu et al. 2024 (arXiv:2404.10102v2), Sec. 3",
    nCounts: "total parameters"
  },
  /**
   * Kaplan et al. 2020, "Scaling Laws for Neural Language Models" (arXiv:2001.08361),
   * Sec. 4.2 Table 2: the joint fit of eq. (1.5). WebText2, GPT-2 BPE; early-stopped test loss.
   */
  kaplan2020: {
    kind: "kaplan", Nc: 6.4e13, Dc: 1.8e13, alphaN: 0.076, alphaD: 0.103,
    label: "Kaplan et al. 2020 (eq. 1.5, Table 2)",
    source: "Kaplan et al. 2020 (arXiv:2001.08361), Sec. 4.2 Table 2",
    nCounts: "non-embedding parameters"
  },
  /**
   * Kaplan et al. 2020 (arXiv:2001.08361) eqs. (1.1) and (1.2): constants of the separate L(N)
   * and L(D) power laws. Using them in eq. (1.5) is an approximation; prefer `kaplan2020`.
   */
  kaplan2020_separate: {
    kind: "kaplan", Nc: 8.8e13, Dc: 5.4e13, alphaN: 0.076, alphaD: 0.095,
    label: "Kaplan et al. 2020 (separate L(N), L(D) fits)",
    source: "Kaplan et al. 2020 (arXiv:2001.08361), Sec. 1.2 eqs. (1.1), (1.2)",
    nCounts: "non-embedding parameters"
  }
} as const satisfies Record<string, ScalingFit>;

export type FitId = keyof typeof FITS;

/**
 * Kaplan et al. 2020's own compute-optimal allocation, N ∝ C^0.73 and D ∝ C^0.27
 * (eq. 6.1, Fig. 14; Sec. 1.1), as listed in Hoffmann et al. 2022 Table 2. It comes from
 * early-stopped training at the critical batch size (L(N, S_min), Sec. 6), not from minimising
 * eq. (1.5) along C = 6ND, which gives N ∝ C^(αD/(αN+αD)) ≈ C^0.58 (see `computeOptimalExponents`).
 * Kaplan's theory, eq. (6.5), predicts N ∝ C^0.71. N non-embedding; C in PF-days there.
 */
export const KAPLAN_COMPUTE_EXPONENTS = {n: 0.73, d: 0.27, predictedN: 0.71} as const;

function checkPositive(name: string, x: number): void {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be a positive finite number`);
}

/** L(N, D) = E + A/N^α + B/D^β in nats/token (Hoffmann et al. 2022, eq. 2). */
export function lossChinchilla(n: number, d: number, fit: ChinchillaFit): number {
  checkPositive("N", n);
  checkPositive("D", d);
  return fit.E + fit.A / Math.pow(n, fit.alpha) + fit.B / Math.pow(d, fit.beta);
}

/** L(N, D) = [(Nc/N)^(αN/αD) + Dc/D]^αD in nats/token (Kaplan et al. 2020, eq. 1.5); N non-embedding. */
export function lossKaplan(n: number, d: number, fit: KaplanFit): number {
  checkPositive("N", n);
  checkPositive("D", d);
  return Math.pow(Math.pow(fit.Nc / n, fit.alphaN / fit.alphaD) + fit.Dc / d, fit.alphaD);
}

/** The fit's predicted loss (nats/token) for N parameters trained on D tokens. */
export function loss(n: number, d: number, fit: ScalingFit): number {
  return fit.kind === "chinchilla" ? lossChinchilla(n, d, fit) : lossKaplan(n, d, fit);
}

/** Training compute C = 6ND FLOPs (2 forward + 4 backward per parameter per token). */
export function trainingFlops(n: number, d: number): number {
  return 6 * n * d;
}

export interface AttentionShape {
  layers: number;
  contextLength: number;
  dModel: number;
  /** Width of the attention (heads × head size), Kaplan's d_attn; defaults to dModel. */
  dAttention?: number;
}

/**
 * Training FLOPs including the context-dependent attention term, 3 × forward (backward = 2 × forward):
 * - "kaplan2020" (default): Kaplan et al. 2020 Table 1, C_forward ≈ 2N + 2·n_layer·n_ctx·d_attn per token,
 *   so C ≈ D·(6N + 6·n_layer·n_ctx·d_attn). Kaplan counts QKᵀ only (equivalently QKᵀ and AV over a causal
 *   mask's average context n_ctx/2).
 * - "palm2022": Chowdhery et al. 2022 (PaLM, arXiv:2204.02311) Appendix B, C ≈ D·(6N + 12·L·H·Q·T):
 *   QKᵀ and AV over the full context T, with H·Q = d_attn.
 */
export function trainingFlopsWithAttention(
  n: number,
  d: number,
  shape: AttentionShape,
  convention: "kaplan2020" | "palm2022" = "kaplan2020"
): number {
  const dAttn = shape.dAttention ?? shape.dModel;
  const perLayerPerContext = convention === "kaplan2020" ? 6 : 12;
  return d * (6 * n + perLayerPerContext * shape.layers * shape.contextLength * dAttn);
}

/** Tokens per parameter, D/N (Chinchilla 70B on 1.4T tokens: 20). */
export function tokensPerParameter(n: number, d: number): number {
  return d / n;
}

/**
 * The exponents of the compute-optimal allocation N_opt ∝ C^a, D_opt ∝ C^b along C = 6ND, with a + b = 1.
 * Chinchilla form: a = β/(α+β), b = α/(α+β) (Hoffmann et al. 2022, eq. 4).
 * Kaplan eq. (1.5): a = αD/(αN+αD), b = αN/(αN+αD) — derived here by minimising eq. (1.5) along
 * C = 6ND; this is not Kaplan's published 0.73 (see KAPLAN_COMPUTE_EXPONENTS).
 */
export function computeOptimalExponents(fit: ScalingFit): {a: number; b: number} {
  const [x, y] = fit.kind === "chinchilla" ? [fit.alpha, fit.beta] : [fit.alphaN, fit.alphaD];
  return {a: y / (x + y), b: x / (x + y)};
}

/**
 * Closed-form compute-optimal N and D for a Chinchilla-form fit under C = 6ND (Hoffmann et al. 2022, eq. 4):
 * G = (αA/(βB))^(1/(α+β)), N_opt = G·(C/6)^(β/(α+β)), D_opt = G⁻¹·(C/6)^(α/(α+β)).
 */
export function computeOptimalChinchilla(flops: number, fit: ChinchillaFit): Allocation {
  checkPositive("C", flops);
  const s = fit.alpha + fit.beta;
  const g = Math.pow((fit.alpha * fit.A) / (fit.beta * fit.B), 1 / s);
  return {n: g * Math.pow(flops / 6, fit.beta / s), d: Math.pow(flops / 6, fit.alpha / s) / g};
}

/**
 * Minimise the fit's L(N, C/(6N)) over N by golden-section search on ln N, between N = 1 and
 * D = 1 token. For both fit forms the loss along the iso-FLOP line is unimodal in ln N (a sum of
 * two convex terms, for Kaplan raised to a positive power), so golden section finds the minimum.
 * Needs C > 6 FLOPs.
 */
export function computeOptimalNumeric(flops: number, fit: ScalingFit): Allocation {
  checkPositive("C", flops);
  if (!(flops > 6)) throw new RangeError("C must exceed 6 FLOPs (one parameter, one token)");
  const budget = flops / 6;
  const f = (x: number) => loss(Math.exp(x), budget / Math.exp(x), fit);
  const invPhi = (Math.sqrt(5) - 1) / 2;
  let lo = 0;
  let hi = Math.log(budget);
  let x1 = hi - invPhi * (hi - lo);
  let x2 = lo + invPhi * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    if (f1 <= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - invPhi * (hi - lo);
      f1 = f(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + invPhi * (hi - lo);
      f2 = f(x2);
    }
  }
  const n = Math.exp((lo + hi) / 2);
  return {n, d: budget / n};
}

/** Numeric optima found so far, per fit and budget (a page asks for the same budgets on every re-render). */
const numericOptima = new WeakMap<ScalingFit, Map<number, Readonly<Allocation>>>();
const NUMERIC_OPTIMA_KEPT = 4096;

/**
 * Compute-optimal N and D for a budget of C FLOPs under C = 6ND: the closed form (eq. 4) for
 * Chinchilla-form fits, the numeric minimum of eq. (1.5) for Kaplan fits (remembered per fit
 * and budget: about 60 loss evaluations each).
 */
export function computeOptimal(flops: number, fit: ScalingFit): Readonly<Allocation> {
  if (fit.kind === "chinchilla") return computeOptimalChinchilla(flops, fit);
  let found = numericOptima.get(fit);
  if (!found) numericOptima.set(fit, (found = new Map()));
  let optimum = found.get(flops);
  if (!optimum) {
    if (found.size >= NUMERIC_OPTIMA_KEPT) found.clear();
    optimum = Object.freeze(computeOptimalNumeric(flops, fit));
    found.set(flops, optimum);
  }
  return optimum;
}

export interface IsoFlopPoint {
  n: number;
  /** Tokens, C/(6N). */
  d: number;
  /** Nats/token. */
  loss: number;
}

/** Points along the iso-FLOP line 6ND = C: for each N, D = C/(6N) and the fit's loss (Hoffmann Fig. 3). */
export function isoFlopCurve(flops: number, fit: ScalingFit, nValues: readonly number[]): IsoFlopPoint[] {
  return nValues.map((n) => {
    const d = flops / (6 * n);
    return {n, d, loss: loss(n, d, fit)};
  });
}

export interface TrainingRegime {
  /** C = 6ND of the actual run. */
  flops: number;
  /** The fit's compute-optimal N and D at that C. */
  optimalN: number;
  optimalD: number;
  /**
   * D / D_opt: above 1 the model saw more tokens than compute-optimal (a smaller model trained
   * longer), below 1 fewer (an oversized model). Because N·D = N_opt·D_opt, N/N_opt = 1/tokenRatio.
   */
  tokenRatio: number;
}

/** How far a run of N parameters on D tokens is from the fit's compute-optimal split of its own C = 6ND. */
export function trainingRegime(n: number, d: number, fit: ScalingFit): TrainingRegime {
  const flops = trainingFlops(n, d);
  const opt = computeOptimal(flops, fit);
  return {flops, optimalN: opt.n, optimalD: opt.d, tokenRatio: d / opt.d};
}
