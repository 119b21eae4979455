/** The schema of data/models.csv and the conversion of its rows into ModelConfig, with consistency checks. */
import {check, type Row} from "./table.js";
import type {ModelConfig} from "./models.js";

const count = {type: "number", integer: true, min: 0} as const;
const positive = {type: "number", integer: true, min: 1} as const;

export const MODEL_SCHEMA = {
  name: {type: "string", required: true},
  family: {type: "string", required: true},
  release: {type: "string", required: true, pattern: /^\d{4}-(0[1-9]|1[0-2])$/},
  arch: {type: "enum", required: true, options: ["decoder", "encoder", "encoder-decoder"]},
  vocab_size: positive,
  d_model: positive,
  n_layers: {...positive, required: true},
  n_heads: positive,
  n_kv_heads: positive,
  head_dim: positive,
  ffn_dim: positive,
  ffn_gated: {type: "boolean"},
  attention: {type: "enum", options: ["MHA", "GQA", "MQA", "MLA"]},
  q_lora_rank: positive,
  kv_lora_rank: positive,
  qk_rope_head_dim: positive,
  qk_nope_head_dim: positive,
  v_head_dim: positive,
  sliding_window: positive,
  sliding_window_layers: count,
  n_routed_experts: count,
  n_shared_experts: count,
  top_k: count,
  expert_ffn_dim: positive,
  moe_layers: count,
  first_dense_layers: count,
  tied_embeddings: {type: "boolean"},
  pos_embedding: {type: "enum", options: ["learned", "rope", "relative"]},
  max_positions: positive,
  biases: {type: "enum", options: ["true", "false", "qkv"]},
  norm: {type: "enum", options: ["layernorm", "rmsnorm"]},
  context_length: positive,
  training_tokens: {type: "number", min: 1e6},
  card_total_params: {type: "number", required: true, min: 1e6},
  card_active_params: {type: "number", min: 1e6},
  sources: {type: "string", required: true}
} as const;

export type ModelRow = Row<typeof MODEL_SCHEMA>;

/** Convert a validated row; inconsistent architectures fail with file:line. */
export function modelFromRow(file: string, r: ModelRow): ModelConfig {
  const fail = (ok: boolean, problem: string) => check(ok, file, r.line, `${r.name}: ${problem}`);
  const attention = (r.attention ?? "MHA") as ModelConfig["attention"];
  const nHeads = r.n_heads ?? 0;
  const nKv = r.n_kv_heads ?? nHeads;
  if (r.n_heads !== null) {
    fail(attention !== "MHA" || nKv === nHeads, "MHA needs as many KV heads as query heads");
    fail(attention !== "MQA" || nKv === 1, "MQA has exactly one KV head");
    fail(attention !== "GQA" || (nKv < nHeads && nHeads % nKv === 0), "GQA needs fewer KV heads than query heads, dividing them evenly");
    fail(attention !== "MLA" || (r.kv_lora_rank !== null && r.qk_rope_head_dim !== null && r.v_head_dim !== null), "MLA needs kv_lora_rank, qk_rope_head_dim and v_head_dim");
  }
  const experts = r.n_routed_experts ?? 0;
  const moeLayers = r.moe_layers ?? 0;
  fail(moeLayers <= r.n_layers, "more MoE layers than layers");
  fail((r.sliding_window_layers ?? 0) <= r.n_layers, "more sliding-window layers than layers");
  fail((r.sliding_window === null) === ((r.sliding_window_layers ?? 0) === 0), "sliding_window and sliding_window_layers go together");
  fail(experts === 0 || ((r.top_k ?? 0) >= 1 && (r.top_k ?? 0) <= experts), "top_k must be between 1 and the number of routed experts");
  fail(experts === 0 || moeLayers > 0, "routed experts but no MoE layers");
  fail(r.card_active_params === null || r.card_active_params <= r.card_total_params, "active parameters exceed the total");
  return {
    name: r.name,
    family: r.family,
    release: r.release,
    arch: r.arch as ModelConfig["arch"],
    vocabSize: r.vocab_size ?? 0,
    dModel: r.d_model ?? 0,
    nLayers: r.n_layers,
    nHeads,
    nKvHeads: nKv,
    headDim: r.head_dim ?? 0,
    ffnDim: r.ffn_dim,
    ffnGated: r.ffn_gated ?? false,
    attention,
    qLoraRank: r.q_lora_rank,
    kvLoraRank: r.kv_lora_rank,
    qkRopeHeadDim: r.qk_rope_head_dim,
    qkNopeHeadDim: r.qk_nope_head_dim,
    vHeadDim: r.v_head_dim,
    slidingWindow: r.sliding_window,
    slidingWindowLayers: r.sliding_window_layers ?? 0,
    nRoutedExperts: experts,
    nSharedExperts: r.n_shared_experts ?? 0,
    topK: r.top_k ?? 0,
    expertFfnDim: r.expert_ffn_dim,
    moeLayers,
    firstDenseLayers: r.first_dense_layers ?? 0,
    tiedEmbeddings: r.tied_embeddings ?? false,
    posEmbedding: (r.pos_embedding ?? "rope") as ModelConfig["posEmbedding"],
    maxPositions: r.max_positions,
    biases: r.biases === "true" ? "all" : r.biases === "qkv" ? "qkv" : "none",
    norm: (r.norm ?? "rmsnorm") as ModelConfig["norm"],
    contextLength: r.context_length ?? 0,
    trainingTokens: r.training_tokens,
    cardTotalParams: r.card_total_params,
    cardActiveParams: r.card_active_params,
    sources: r.sources
  };
}
