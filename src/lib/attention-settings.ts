/** The attention notebook's controls: URL specs, and turning their values into a valid example. */
import type {ParamSpecs, ParamValues} from "./params.js";

export const MAX_TOKENS = 12;

export const ATTENTION_PARAMS = {
  tokens: {kind: "text", label: "Tokens", default: "the cat sat on the mat because it was tired", maxLength: 120},
  d: {kind: "choice", label: "Model width d_model", default: "8", options: ["4", "6", "8", "12", "16", "24", "32"]},
  heads: {kind: "choice", label: "Heads h", default: "2", options: ["1", "2", "3", "4", "6", "8"]},
  causal: {kind: "boolean", label: "Causal mask", default: false},
  temp: {kind: "number", label: "Temperature T", default: 1, min: 0.1, max: 10},
  seed: {kind: "number", label: "Seed", default: 1, min: 0, max: 99999, integer: true},
  head: {kind: "number", label: "Head shown", default: 1, min: 1, max: 8, integer: true},
  query: {kind: "number", label: "Query token", default: 8, min: 1, max: MAX_TOKENS, integer: true}
} as const satisfies ParamSpecs;

export type AttentionValues = ParamValues<typeof ATTENTION_PARAMS>;

export interface AttentionSettings {
  tokens: string[];
  dModel: number;
  heads: number;
  dk: number;
  causal: boolean;
  temperature: number;
  seed: number;
  /** 0-based head and query index, within range. */
  head: number;
  query: number;
  /** What was adjusted to make the settings consistent. */
  messages: string[];
}

/** Split text into word tokens (whitespace-separated), at most MAX_TOKENS. */
export function tokenize(text: string): string[] {
  return text.split(/\s+/).filter((t) => t.length > 0).map((t) => t.slice(0, 16));
}

/** The sentence as 1–12 word tokens (the example sentence when empty), with what was adjusted. */
export function resolveTokens(text: string): {tokens: string[]; messages: string[]} {
  const messages: string[] = [];
  let tokens = tokenize(text);
  if (tokens.length === 0) {
    tokens = tokenize(ATTENTION_PARAMS.tokens.default);
    messages.push("Type at least one word; showing the example sentence.");
  }
  if (tokens.length > MAX_TOKENS) {
    messages.push(`Only the first ${MAX_TOKENS} of ${tokens.length} words are used, so every matrix stays readable.`);
    tokens = tokens.slice(0, MAX_TOKENS);
  }
  return {tokens, messages};
}

/** Heads that divide d_model: the requested count, or the largest smaller count that does. */
export function resolveHeads(d: string, requestedHeads: string): {dModel: number; heads: number; dk: number; messages: string[]} {
  const dModel = Number(d);
  let heads = Number(requestedHeads);
  const messages: string[] = [];
  if (dModel % heads !== 0) {
    const fit = [8, 6, 4, 3, 2, 1].find((h) => h <= heads && dModel % h === 0) ?? 1;
    messages.push(`${heads} heads do not divide d_model = ${dModel} evenly; using ${fit} heads (d_k = ${dModel / fit}).`);
    heads = fit;
  }
  return {dModel, heads, dk: dModel / heads, messages};
}

/** The 0-based head shown, within the heads there are. */
export function resolveHeadShown(head: number, heads: number): {head: number; messages: string[]} {
  return head > heads ? {head: heads - 1, messages: [`There are only ${heads} heads; showing head ${heads}.`]} : {head: head - 1, messages: []};
}

/** The 0-based query token inspected, within the sentence. */
export function resolveQuery(query: number, tokenCount: number): number {
  return Math.min(query, tokenCount) - 1;
}

/** Make control values consistent: a token list of 1–12 words, heads dividing d_model, head/query in range. */
export function resolveAttentionSettings(values: AttentionValues): AttentionSettings {
  const {tokens, messages: tokenMessages} = resolveTokens(values.tokens);
  const {dModel, heads, dk, messages: headMessages} = resolveHeads(values.d, values.heads);
  const {head, messages: shownMessages} = resolveHeadShown(values.head, heads);
  const query = resolveQuery(values.query, tokens.length);
  const messages = [...tokenMessages, ...headMessages, ...shownMessages];
  return {tokens, dModel, heads, dk, causal: values.causal, temperature: values.temp, seed: values.seed, head, query, messages};
}
