/** Formulas of the attention-cost notebook. */
import {defineFormula} from "../formulas.js";

export const kvCacheBytesFormula = defineFormula({
  id: "kvCacheBytesFormula",
  title: "KV cache of a batch (all layers full attention)",
  result: {tex: "M_{\\text{KV}}", description: "bytes held by the KV cache", unit: "bytes"},
  expr: "2 * L * h_kv * d_head * n * B * b",
  symbols: {
    L: {tex: "L", description: "layers"},
    h_kv: {tex: "h_{\\text{kv}}", description: "KV heads"},
    d_head: {tex: "d_{\\text{head}}", description: "per-head dimension"},
    n: {tex: "n", description: "tokens of context"},
    B: {tex: "B", description: "sequences in the batch"},
    b: {tex: "b", description: "bytes per element"}
  },
  evaluate: ({L, h_kv, d_head, n, B, b}) => 2 * L * h_kv * d_head * n * B * b,
  domain: {L: [1, 200], h_kv: [1, 128], d_head: [16, 256], n: [1, 1e6], B: [1, 256], b: [0.5, 4]}
});

export const scoreMatrixBytesFormula = defineFormula({
  id: "scoreMatrixBytesFormula",
  title: "Score matrix of standard attention (one layer, one sequence)",
  result: {tex: "M_{S}", description: "bytes of the materialised n × n scores", unit: "bytes"},
  expr: "h * n^2 * b",
  symbols: {
    h: {tex: "h", description: "query heads"},
    n: {tex: "n", description: "tokens"},
    b: {tex: "b", description: "bytes per element"}
  },
  evaluate: ({h, n, b}) => h * n * n * b,
  domain: {h: [1, 128], n: [1, 1e6], b: [0.5, 4]}
});

export const decodeTokensPerSecondFormula = defineFormula({
  id: "decodeTokensPerSecondFormula",
  title: "Decode speed when memory-bound",
  result: {tex: "\\text{tokens/s}", description: "tokens generated per second across the batch"},
  expr: "B * BW / (W + B * M)",
  symbols: {
    B: {tex: "B", description: "sequences in the batch"},
    BW: {tex: "\\text{BW}", description: "memory bandwidth, bytes/s"},
    W: {tex: "W", description: "weight bytes read per step"},
    M: {tex: "M_{\\text{KV}}", description: "KV-cache bytes per sequence"}
  },
  evaluate: ({B, BW, W, M}) => (B * BW) / (W + B * M),
  domain: {B: [1, 256], BW: [1e11, 1e13], W: [1e8, 1e12], M: [1e5, 1e11]}
});

export const pagedWasteFormula = defineFormula({
  id: "pagedWasteFormula",
  title: "Reserved KV memory: static max-length slots vs pages",
  result: {tex: "\\frac{R_{\\text{paged}}}{R_{\\text{static}}}", description: "paged reservation as a fraction of static"},
  expr: "P / (N * L_max)",
  symbols: {
    P: {tex: "\\textstyle\\sum_i \\lceil \\ell_i / B \\rceil B", description: "tokens reserved in pages"},
    N: {tex: "N", description: "requests"},
    L_max: {tex: "L_{\\max}", description: "maximum length each static slot reserves"}
  },
  evaluate: ({P, N, L_max}) => P / (N * L_max),
  domain: {P: [1, 1e6], N: [1, 1000], L_max: [1, 1e5]}
});
