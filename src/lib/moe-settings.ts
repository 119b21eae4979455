/**
 * The Mixture-of-Experts notebook's controls: URL specs, and pure functions turning their
 * values into a consistent router run and a consistent expert-size calculator, with a
 * message for everything that had to be adjusted.
 */
import type {ParamSpecs, ParamValues} from "./params.js";

/** Words of a typed sentence that are routed (more would not fit the per-token table). */
export const MAX_WORDS = 64;
/** Synthetic batches above this many tokens are routed in a Web Worker … */
export const SYNC_TOKEN_LIMIT = 4096;
/**
 * … and so are batches of more than this many router logits (tokens × experts): making the
 * logits, routing and the probability pass of 4,096 × 256 took 130–650 ms on the main thread
 * in Chromium (measured), too long for a slider; 4,096 × 64 takes well under 100 ms.
 */
export const SYNC_LOGIT_LIMIT = 4096 * 64;
/** Largest synthetic batch. */
export const MAX_TOKENS = 100_000;

export const DEFAULT_SENTENCE = "The cat sat on the mat and the dog ate the cat's dinner while 混合专家 routed every token";

export const MOE_PARAMS = {
  source: {kind: "choice", label: "Tokens from", default: "sentence", options: ["sentence", "synthetic"]},
  sentence: {kind: "text", label: "Sentence", default: DEFAULT_SENTENCE, maxLength: 240},
  experts: {kind: "number", label: "Routed experts N", default: 8, min: 2, max: 256, integer: true},
  topk: {kind: "number", label: "Top-k", default: 2, min: 1, max: 8, integer: true},
  shared: {kind: "number", label: "Shared experts", default: 0, min: 0, max: 4, integer: true},
  cf: {kind: "number", label: "Capacity factor", default: 1.25, min: 0.5, max: 4},
  temp: {kind: "number", label: "Router temperature T", default: 1, min: 0.1, max: 10},
  tokens: {kind: "number", label: "Synthetic tokens", default: 2048, min: 16, max: MAX_TOKENS, integer: true},
  skew: {kind: "number", label: "Skew (favourite experts)", default: 0.8, min: 0, max: 3},
  seed: {kind: "number", label: "Seed", default: 1, min: 0, max: 99999, integer: true},
  method: {kind: "choice", label: "Balancing method", default: "aux-free", options: ["aux-free", "aux-loss"]},
  steps: {kind: "number", label: "Steps N", default: 20, min: 1, max: 100, integer: true},
  gamma: {kind: "number", label: "Bias update speed γ", default: 0.1, min: 0.001, max: 1},
  lr: {kind: "number", label: "Aux-loss learning rate η", default: 10, min: 0.1, max: 100},
  d: {kind: "number", label: "d_model", default: 4096, min: 64, max: 16384, integer: true},
  ffn: {kind: "number", label: "Expert FFN size", default: 14336, min: 64, max: 65536, integer: true},
  gated: {kind: "boolean", label: "Gated FFN (SwiGLU, 3 matrices)", default: true},
  routed: {kind: "number", label: "Routed experts", default: 8, min: 1, max: 4096, integer: true},
  cshared: {kind: "number", label: "Shared experts", default: 0, min: 0, max: 8, integer: true},
  ck: {kind: "number", label: "Top-k", default: 2, min: 1, max: 32, integer: true},
  layers: {kind: "number", label: "MoE layers", default: 32, min: 1, max: 128, integer: true}
} as const satisfies ParamSpecs;

export type MoeValues = ParamValues<typeof MOE_PARAMS>;

export interface RouterSettings {
  source: "sentence" | "synthetic";
  /** Sentence tokens (empty for a synthetic batch). */
  words: string[];
  /** Tokens routed: words.length, or the synthetic batch size. */
  tokens: number;
  experts: number;
  topK: number;
  shared: number;
  capacityFactor: number;
  temperature: number;
  skew: number;
  seed: number;
  /** True when the batch is large enough to go to the Web Worker (see SYNC_TOKEN_LIMIT, SYNC_LOGIT_LIMIT). */
  useWorker: boolean;
  messages: string[];
}

export interface BalanceSettings {
  method: "aux-free" | "aux-loss";
  steps: number;
  /** γ for the bias update, η for the aux-loss gradient step. */
  rate: number;
}

export interface CalculatorSettings {
  dModel: number;
  expertFfn: number;
  gated: boolean;
  routedExperts: number;
  sharedExperts: number;
  topK: number;
  layers: number;
  messages: string[];
}

/**
 * Split text into tokens: each Han character is a token (as Chinese tokenizers roughly do),
 * runs of letters/digits (with inner apostrophes and hyphens) are tokens, and every other
 * visible character is a token of its own. Each token is at most 16 characters.
 */
export function tokenizeSentence(text: string): string[] {
  const matches = text.match(/\p{Script=Han}|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu) ?? [];
  return matches.map((t) => t.slice(0, 16));
}

/** Rows of the routing table for a synthetic batch (its first tokens). */
export const SYNTHETIC_TABLE_ROWS = 12;

/** The routing table's rows: the sentence's words, or "token 1" … "token 12" of a synthetic batch. */
export function routerLabels(settings: Pick<RouterSettings, "source" | "words" | "tokens">): string[] {
  return settings.source === "sentence" ? settings.words : Array.from({length: Math.min(settings.tokens, SYNTHETIC_TABLE_ROWS)}, (_, i) => `token ${i + 1}`);
}

/** Make the router controls consistent: k ≤ N, a non-empty sentence of ≤ MAX_WORDS tokens. */
export function resolveRouterSettings(values: Pick<MoeValues, "source" | "sentence" | "experts" | "topk" | "shared" | "cf" | "temp" | "tokens" | "skew" | "seed">): RouterSettings {
  const messages: string[] = [];
  const source = values.source === "synthetic" ? "synthetic" : "sentence";
  const experts = values.experts;
  let topK = values.topk;
  if (topK > experts) {
    messages.push(`Top-k = ${topK} is more than the ${experts} routed experts; using k = ${experts}.`);
    topK = experts;
  }
  let words: string[] = [];
  if (source === "sentence") {
    words = tokenizeSentence(values.sentence);
    if (words.length === 0) {
      messages.push("The sentence is empty; type a few words. Showing the example sentence meanwhile.");
      words = tokenizeSentence(DEFAULT_SENTENCE);
    }
    if (words.length > MAX_WORDS) {
      messages.push(`Only the first ${MAX_WORDS} of ${words.length} tokens are routed, so the table stays readable; use a synthetic batch for more.`);
      words = words.slice(0, MAX_WORDS);
    }
  }
  const tokens = source === "sentence" ? words.length : values.tokens;
  return {
    source,
    words,
    tokens,
    experts,
    topK,
    shared: values.shared,
    capacityFactor: values.cf,
    temperature: values.temp,
    skew: values.skew,
    seed: values.seed,
    useWorker: source === "synthetic" && (tokens > SYNC_TOKEN_LIMIT || tokens * experts > SYNC_LOGIT_LIMIT),
    messages
  };
}

export function resolveBalanceSettings(values: Pick<MoeValues, "method" | "steps" | "gamma" | "lr">): BalanceSettings {
  const method = values.method === "aux-loss" ? "aux-loss" : "aux-free";
  return {method, steps: values.steps, rate: method === "aux-loss" ? values.lr : values.gamma};
}

/** Make the calculator consistent: top-k ≤ routed experts. */
export function resolveCalculatorSettings(values: Pick<MoeValues, "d" | "ffn" | "gated" | "routed" | "cshared" | "ck" | "layers">): CalculatorSettings {
  const messages: string[] = [];
  let topK = values.ck;
  if (topK > values.routed) {
    messages.push(`Calculator: top-k = ${topK} is more than the ${values.routed} routed experts; using k = ${values.routed}.`);
    topK = values.routed;
  }
  return {
    dModel: values.d,
    expertFfn: values.ffn,
    gated: values.gated,
    routedExperts: values.routed,
    sharedExperts: values.cshared,
    topK,
    layers: values.layers,
    messages
  };
}

/** Calculator presets: the expert part of real models (values of data/models.csv). */
export interface CalculatorPreset {
  name: string;
  d: number;
  ffn: number;
  gated: boolean;
  routed: number;
  cshared: number;
  ck: number;
  layers: number;
}

/** A calculator preset from a model row (null when the row has no expert configuration). */
export function presetFromModel(m: {name: string; dModel: number; expertFfnDim: number | null; ffnGated: boolean; nRoutedExperts: number; nSharedExperts: number; topK: number; moeLayers: number}): CalculatorPreset | null {
  if (!(m.nRoutedExperts > 0 && m.moeLayers > 0 && (m.expertFfnDim ?? 0) > 0 && m.dModel > 0)) return null;
  return {name: m.name, d: m.dModel, ffn: m.expertFfnDim!, gated: m.ffnGated, routed: m.nRoutedExperts, cshared: m.nSharedExperts, ck: m.topK, layers: m.moeLayers};
}
