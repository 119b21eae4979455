/**
 * Transformer architectures and their parameter counts.
 *
 * Counting convention (stated on every page that shows these numbers):
 * - `total` counts every weight, bias and norm gain, the input embedding, the output head
 *   (once if tied to the embedding) and learned position tables. Rotary embeddings have none.
 * - `active` counts what one token uses in a forward pass: everything except the routed
 *   experts it is not sent to. Like most model cards (Mixtral, DeepSeek), it includes the
 *   input embedding and the output head; `activeNonEmbedding` leaves the input embedding
 *   out (gpt-oss's card uses that convention).
 * - Small extras are ignored: attention sinks (gpt-oss, 64 per layer), QK-norm gains
 *   (Qwen3, 256 per layer), BERT's pooler and token-type table, T5's relative-bias tables.
 */

export type AttentionKind = "MHA" | "GQA" | "MQA" | "MLA";

export interface ModelConfig {
  name: string;
  family: string;
  /** YYYY-MM. */
  release: string;
  arch: "decoder" | "encoder" | "encoder-decoder";
  vocabSize: number;
  dModel: number;
  /** Transformer blocks (for encoder-decoder: both stacks together). */
  nLayers: number;
  nHeads: number;
  nKvHeads: number;
  /** Per-head dimension of queries and keys (MLA: nope + rope part). */
  headDim: number;
  /** Dense FFN hidden size (null when every layer is MoE). */
  ffnDim: number | null;
  /** SwiGLU/GeGLU: three matrices instead of two. */
  ffnGated: boolean;
  attention: AttentionKind;
  /** MLA (DeepSeek-V2 §2.1): low-rank query and joint key-value compression. */
  qLoraRank: number | null;
  kvLoraRank: number | null;
  qkRopeHeadDim: number | null;
  qkNopeHeadDim: number | null;
  vHeadDim: number | null;
  /** Window (tokens) of local-attention layers, and how many layers use it. */
  slidingWindow: number | null;
  slidingWindowLayers: number;
  nRoutedExperts: number;
  nSharedExperts: number;
  topK: number;
  expertFfnDim: number | null;
  moeLayers: number;
  firstDenseLayers: number;
  tiedEmbeddings: boolean;
  posEmbedding: "learned" | "rope" | "relative";
  maxPositions: number | null;
  /** Which linear layers carry biases. */
  biases: "all" | "none" | "qkv";
  norm: "layernorm" | "rmsnorm";
  contextLength: number;
  trainingTokens: number | null;
  cardTotalParams: number;
  cardActiveParams: number | null;
  sources: string;
}

export interface ParameterBreakdown {
  /** Input embedding + learned positions. */
  embedding: number;
  /** Output projection to the vocabulary (0 when tied). */
  head: number;
  /** All attention layers (projections, biases). */
  attention: number;
  /** Dense FFN layers. */
  denseFfn: number;
  /** Every routed expert in every MoE layer. */
  routedExperts: number;
  /** Routed experts one token uses (top-k per MoE layer). */
  activeRoutedExperts: number;
  sharedExperts: number;
  routers: number;
  norms: number;
}

export interface ParameterCounts {
  total: number;
  /** Parameters used per token (embedding and head included; see the module comment). */
  active: number;
  /** active minus the input embedding (and learned positions). */
  activeNonEmbedding: number;
  breakdown: ParameterBreakdown;
}

/** Parameters of one FFN (or one expert) of hidden size f: 2 or 3 matrices of d × f, plus biases. */
export function ffnParameters(dModel: number, hidden: number, gated: boolean, biases: boolean): number {
  const matrices = (gated ? 3 : 2) * dModel * hidden;
  const bias = biases ? (gated ? 2 * hidden : hidden) + dModel : 0;
  return matrices + bias;
}

/** Parameters of one attention layer (self-attention; MLA per DeepSeek-V2 §2.1.2–2.1.3). */
export function attentionLayerParameters(m: ModelConfig): number {
  const d = m.dModel;
  if (m.attention === "MLA") {
    const rope = m.qkRopeHeadDim ?? 0;
    const nope = m.qkNopeHeadDim ?? m.headDim - rope;
    const v = m.vHeadDim ?? m.headDim;
    const qk = nope + rope;
    const q = m.qLoraRank ? d * m.qLoraRank + m.qLoraRank + m.qLoraRank * m.nHeads * qk : d * m.nHeads * qk;
    const kvRank = m.kvLoraRank ?? 0;
    const kv = d * (kvRank + rope) + kvRank + kvRank * m.nHeads * (nope + v);
    return q + kv + m.nHeads * v * d;
  }
  const qWidth = m.nHeads * m.headDim;
  const kvWidth = m.nKvHeads * m.headDim;
  const weights = d * qWidth + 2 * d * kvWidth + qWidth * d;
  const bias = m.biases === "all" ? qWidth + 2 * kvWidth + d : m.biases === "qkv" ? qWidth + 2 * kvWidth : 0;
  return weights + bias;
}

/** Gains (RMSNorm) or gains + biases (LayerNorm) of one norm. */
function normParameters(m: ModelConfig): number {
  return m.norm === "layernorm" ? 2 * m.dModel : m.dModel;
}

/** Whether a row has every dimension needed to count parameters (GLaM and Chinchilla do not). */
export function isCountable(m: ModelConfig): boolean {
  return m.vocabSize > 0 && m.dModel > 0 && m.nLayers > 0 && m.nHeads > 0 && m.headDim > 0 && (m.moeLayers === m.nLayers || (m.ffnDim ?? 0) > 0) && (m.moeLayers === 0 || (m.expertFfnDim ?? 0) > 0);
}

/** Parameter counts from the architecture; see the module comment for what is counted. */
export function parameterCounts(m: ModelConfig): ParameterCounts {
  if (!isCountable(m)) throw new RangeError(`${m.name}: the published configuration is incomplete, so parameters cannot be counted`);
  const d = m.dModel;
  const linearBiases = m.biases === "all";
  const embedding = m.vocabSize * d + (m.posEmbedding === "learned" ? (m.maxPositions ?? 0) * d : 0);
  const head = m.tiedEmbeddings ? 0 : m.vocabSize * d;
  const crossAttentionLayers = m.arch === "encoder-decoder" ? Math.floor(m.nLayers / 2) : 0;
  const attention = (m.nLayers + crossAttentionLayers) * attentionLayerParameters(m);
  const denseLayers = m.nLayers - m.moeLayers;
  const denseFfn = denseLayers * ffnParameters(d, m.ffnDim ?? 0, m.ffnGated, linearBiases);
  const expert = m.moeLayers > 0 ? ffnParameters(d, m.expertFfnDim ?? 0, m.ffnGated, linearBiases) : 0;
  const routedExperts = m.moeLayers * m.nRoutedExperts * expert;
  const activeRoutedExperts = m.moeLayers * m.topK * expert;
  const sharedExperts = m.moeLayers * m.nSharedExperts * expert;
  const routers = m.moeLayers * (d * m.nRoutedExperts + (linearBiases ? m.nRoutedExperts : 0));
  const norms = (2 * m.nLayers + crossAttentionLayers + 1) * normParameters(m);
  const shared = embedding + head + attention + denseFfn + sharedExperts + routers + norms;
  const total = shared + routedExperts;
  const active = shared + activeRoutedExperts;
  return {
    total,
    active,
    activeNonEmbedding: active - embedding,
    breakdown: {embedding, head, attention, denseFfn, routedExperts, activeRoutedExperts, sharedExperts, routers, norms}
  };
}

/** Parameters that a forward pass multiplies (no lookup tables): the "N" of 2N FLOPs per token. */
export function activeMatmulParameters(m: ModelConfig): number {
  const c = parameterCounts(m);
  return c.activeNonEmbedding - c.breakdown.norms + (m.tiedEmbeddings ? m.vocabSize * m.dModel : 0);
}
