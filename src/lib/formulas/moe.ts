/**
 * Formulas of the Mixture-of-Experts notebook. Conventions: a multiply-add is 2 FLOPs;
 * bytes are plain bytes (GB = 10⁹ bytes on the page). The page computes the same numbers
 * with src/lib/moe.ts; tests/unit/moe-settings.test.ts checks that they agree.
 */
import {defineFormula} from "../formulas.js";

export const moeCapacity = defineFormula({
  id: "moeCapacity",
  title: "Expert capacity (assignments one expert accepts per batch)",
  result: {tex: "C", description: "expert capacity", unit: "assignments"},
  expr: "ceil(cf * T * k / N)",
  symbols: {
    cf: {tex: "c_f", description: "capacity factor"},
    T: {tex: "T", description: "tokens in the batch"},
    k: {tex: "k", description: "experts per token (top-k)"},
    N: {tex: "N", description: "routed experts"}
  },
  // Products that are whole numbers up to floating-point error are not rounded up past them
  // (as expertCapacity in src/lib/moe.ts and mathjs's own ceil).
  evaluate: ({cf, T, k, N}) => {
    const x = (cf * T * k) / N;
    const r = Math.round(x);
    return Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(x)) ? r : Math.ceil(x);
  },
  domain: {cf: [0.5, 4], T: [1, 1e5], k: [1, 8], N: [2, 256]}
});

export const moeAuxLoss = defineFormula({
  id: "moeAuxLoss",
  title: "Switch load-balancing loss (without its coefficient α)",
  result: {tex: "\\mathcal{L}_{\\text{aux}}", description: "1 when routing is uniform, N when one expert takes everything"},
  expr: "N * fP",
  symbols: {
    N: {tex: "N", description: "routed experts"},
    fP: {tex: "\\textstyle\\sum_{i=1}^{N} f_i P_i", description: "f_i: share of tokens whose first choice is expert i; P_i: mean router probability of expert i"}
  },
  evaluate: ({N, fP}) => N * fP,
  domain: {N: [2, 256], fP: [0, 1]}
});

export const moeTotalExpertParams = defineFormula({
  id: "moeTotalExpertParams",
  title: "Expert parameters stored (routed + shared)",
  result: {tex: "N_{\\text{experts}}", description: "parameters of every expert FFN in every MoE layer", unit: "parameters"},
  expr: "L * (E + S) * m * d * f",
  symbols: {
    L: {tex: "L", description: "MoE layers"},
    E: {tex: "E", description: "routed experts per layer"},
    S: {tex: "S", description: "shared experts per layer"},
    m: {tex: "m", description: "matrices per expert: 3 gated (SwiGLU), 2 plain"},
    d: {tex: "d_{\\text{model}}", description: "model width"},
    f: {tex: "d_{\\text{ff}}", description: "hidden size of one expert"}
  },
  evaluate: ({L, E, S, m, d, f}) => L * (E + S) * m * d * f,
  domain: {L: [1, 128], E: [1, 4096], S: [0, 8], m: [2, 3], d: [64, 16384], f: [64, 65536]}
});

export const moeActiveExpertParams = defineFormula({
  id: "moeActiveExpertParams",
  title: "Expert parameters one token uses",
  result: {tex: "N_{\\text{active}}", description: "parameters of the k routed and S shared experts a token runs through", unit: "parameters"},
  expr: "L * (k + S) * m * d * f",
  symbols: {
    L: {tex: "L", description: "MoE layers"},
    k: {tex: "k", description: "routed experts per token (top-k)"},
    S: {tex: "S", description: "shared experts per layer"},
    m: {tex: "m", description: "matrices per expert: 3 gated (SwiGLU), 2 plain"},
    d: {tex: "d_{\\text{model}}", description: "model width"},
    f: {tex: "d_{\\text{ff}}", description: "hidden size of one expert"}
  },
  evaluate: ({L, k, S, m, d, f}) => L * (k + S) * m * d * f,
  domain: {L: [1, 128], k: [1, 32], S: [0, 8], m: [2, 3], d: [64, 16384], f: [64, 65536]}
});

export const moeFlopsPerTokenFormula = defineFormula({
  id: "moeFlopsPerToken",
  title: "Forward FLOPs per token of the experts",
  result: {tex: "C_{\\text{token}}", description: "floating-point operations per token", unit: "FLOPs"},
  expr: "2 * Nact",
  symbols: {
    Nact: {tex: "N_{\\text{active}}", description: "active parameters (each used in one multiply-add)"}
  },
  evaluate: ({Nact}) => 2 * Nact,
  domain: {Nact: [0, 1e12]}
});

export const moeWeightBytes = defineFormula({
  id: "moeWeightBytes",
  title: "Memory for the weights",
  result: {tex: "M", description: "bytes to hold every parameter", unit: "bytes"},
  expr: "Ntot * b",
  symbols: {
    Ntot: {tex: "N_{\\text{experts}}", description: "parameters stored"},
    b: {tex: "b", description: "bytes per parameter (bf16: 2)"}
  },
  evaluate: ({Ntot, b}) => Ntot * b,
  domain: {Ntot: [0, 2e12], b: [0.5, 4]}
});
