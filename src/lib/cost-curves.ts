/** Rows for the attention-cost charts: one row per (sequence length, series). */
import {attentionCoreFlops, attentionFlopShare, attentionScoreMemory, kvCacheBytes, type AttentionVariant, type VariantShape} from "./inference.js";
import type {ModelConfig} from "./models.js";

export const VARIANT_LABELS: Record<AttentionVariant, string> = {
  full: "full (standard)",
  flash: "FlashAttention",
  sliding: "sliding window",
  blockSparse: "block-sparse (local + global)",
  linear: "linear attention"
};

export interface VariantRow {
  n: number;
  variant: string;
  flops: number;
  memory: number;
}

/** FLOPs and attention memory of each variant for one layer and one sequence. */
export function variantCurves(grid: number[], shape: VariantShape): VariantRow[] {
  const rows: VariantRow[] = [];
  for (const variant of Object.keys(VARIANT_LABELS) as AttentionVariant[]) {
    for (const n of grid) rows.push({n, variant: VARIANT_LABELS[variant], flops: attentionCoreFlops(variant, n, shape), memory: attentionScoreMemory(variant, n, shape)});
  }
  return rows;
}

/** The variants whose cost depends on the window w and the global tokens g (the others ignore them). */
export const WINDOWED_VARIANTS: readonly string[] = [VARIANT_LABELS.sliding, VARIANT_LABELS.blockSparse];

/** Smallest positive and largest value of `key` over the rows: a log axis's domain. */
export function positiveExtent(rows: readonly VariantRow[], key: "flops" | "memory"): [number, number] {
  let low = Infinity, high = 0;
  for (const row of rows) {
    const v = row[key];
    if (v > 0 && v < low) low = v;
    if (v > high) high = v;
  }
  return Number.isFinite(low) ? [low, high] : [1, 1];
}

/** Attention's share of decode FLOPs (and the rest: MLP, projections, head) against context. */
export function attentionShareCurve(model: ModelConfig, grid: number[]): {n: number; part: string; share: number}[] {
  return grid.flatMap((n) => {
    const share = attentionFlopShare(model, n);
    return [
      {n, part: "attention over the context (QKᵀ, AV)", share},
      {n, part: "weights (projections, MLP/experts, head)", share: 1 - share}
    ];
  });
}

/** KV-cache bytes of a batch against context for several models. */
export function kvCurves(models: ModelConfig[], grid: number[], bytesPerElement: number, batch: number): {n: number; model: string; bytes: number}[] {
  return models.flatMap((m) => grid.map((n) => ({n, model: `${m.name} (${m.attention}${m.slidingWindow ? ", window" : ""})`, bytes: batch * kvCacheBytes(m, n, bytesPerElement)})));
}
