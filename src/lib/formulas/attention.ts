/** Formulas of the attention notebook. */
import {defineFormula} from "../formulas.js";

export const attentionScore = defineFormula({
  id: "attentionScore",
  title: "Scaled attention score",
  result: {tex: "s_{ij}", description: "score of query token i for key token j"},
  expr: "qk / sqrt(d_k)",
  symbols: {
    qk: {tex: "q_i \\cdot k_j", description: "dot product of query i and key j"},
    d_k: {tex: "d_k", description: "dimensions per head"}
  },
  evaluate: ({qk, d_k}) => qk / Math.sqrt(d_k),
  domain: {qk: [-50, 50], d_k: [1, 1024]}
});

export const attentionWeight = defineFormula({
  id: "attentionWeight",
  title: "Softmax weight",
  result: {tex: "a_{ij}", description: "weight token i gives token j"},
  expr: "exp((s - s_max) / T) / Z",
  symbols: {
    s: {tex: "s_{ij}", description: "score"},
    s_max: {tex: "\\max_j s_{ij}", description: "largest score in the row (subtracted for numerical stability)"},
    T: {tex: "T", description: "temperature"},
    Z: {tex: "\\textstyle\\sum_{j'} e^{(s_{ij'} - \\max_j s_{ij})/T}", description: "the row's normaliser"}
  },
  evaluate: ({s, s_max, T, Z}) => Math.exp((s - s_max) / T) / Z,
  domain: {s: [-10, 0], s_max: [0, 0], T: [0.1, 5], Z: [1, 20]}
});

export const attentionLayerFlops = defineFormula({
  id: "attentionLayerFlops",
  title: "FLOPs of one attention layer (forward pass)",
  result: {tex: "C_{\\text{attn}}", description: "floating-point operations", unit: "FLOPs"},
  expr: "8 * n * d^2 + 4 * n^2 * d",
  symbols: {
    n: {tex: "n", description: "tokens in the sequence"},
    d: {tex: "d_{\\text{model}}", description: "model width"}
  },
  evaluate: ({n, d}) => 8 * n * d * d + 4 * n * n * d,
  domain: {n: [1, 1e6], d: [1, 16384]}
});
