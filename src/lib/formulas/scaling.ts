/**
 * Formulas of the scaling-laws and training-budget notebooks (src/scaling.md, src/training.md).
 * Symbol names avoid mathjs constants (E, e, i, pi, …): the irreducible loss is `E0`.
 * The same math lives in src/lib/scaling.ts and src/lib/training.ts; tests/unit/scaling-settings.test.ts
 * checks each formula here against those functions.
 */
import {defineFormula} from "../formulas.js";

export const chinchillaLoss = defineFormula({
  id: "chinchillaLoss",
  title: "Chinchilla-form loss L(N, D)",
  result: {tex: "L(N, D)", description: "predicted loss", unit: "nats/token"},
  expr: "E0 + A / N^alpha + B / D^beta",
  symbols: {
    E0: {tex: "E", description: "irreducible loss (entropy of text, as the fit sees it)"},
    A: {tex: "A", description: "fitted constant of the parameter term"},
    N: {tex: "N", description: "parameters (all, including embeddings)"},
    alpha: {tex: "\\alpha", description: "parameter exponent"},
    B: {tex: "B", description: "fitted constant of the data term"},
    D: {tex: "D", description: "training tokens"},
    beta: {tex: "\\beta", description: "data exponent"}
  },
  evaluate: ({E0, A, N, alpha, B, D, beta}) => E0 + A / Math.pow(N, alpha) + B / Math.pow(D, beta),
  domain: {E0: [1, 2], A: [100, 1000], N: [1e6, 1e13], alpha: [0.2, 0.5], B: [100, 3000], D: [1e8, 1e15], beta: [0.2, 0.5]}
});

export const kaplanLoss = defineFormula({
  id: "kaplanLoss",
  title: "Kaplan et al. 2020 loss L(N, D), eq. (1.5)",
  result: {tex: "L(N, D)", description: "predicted loss", unit: "nats/token"},
  expr: "((N_c / N)^(alpha_N / alpha_D) + D_c / D)^alpha_D",
  symbols: {
    N_c: {tex: "N_c", description: "fitted parameter scale"},
    N: {tex: "N", description: "non-embedding parameters"},
    alpha_N: {tex: "\\alpha_N", description: "parameter exponent"},
    alpha_D: {tex: "\\alpha_D", description: "data exponent"},
    D_c: {tex: "D_c", description: "fitted token scale"},
    D: {tex: "D", description: "training tokens"}
  },
  evaluate: ({N_c, N, alpha_N, alpha_D, D_c, D}) => Math.pow(Math.pow(N_c / N, alpha_N / alpha_D) + D_c / D, alpha_D),
  domain: {N_c: [1e13, 1e14], N: [1e6, 1e13], alpha_N: [0.05, 0.1], alpha_D: [0.08, 0.12], D_c: [1e13, 1e14], D: [1e8, 1e15]}
});

export const trainingCompute = defineFormula({
  id: "trainingCompute",
  title: "Training compute C ≈ 6ND",
  result: {tex: "C", description: "training FLOPs (2 forward + 4 backward per parameter per token)", unit: "FLOPs"},
  expr: "6 * N * D",
  symbols: {
    N: {tex: "N", description: "parameters used per token (active parameters for MoE)"},
    D: {tex: "D", description: "training tokens"}
  },
  evaluate: ({N, D}) => 6 * N * D,
  domain: {N: [1e6, 1e13], D: [1e8, 1e15]}
});

export const computeOptimalN = defineFormula({
  id: "computeOptimalN",
  title: "Compute-optimal parameters (Hoffmann et al. 2022, eq. 4)",
  result: {tex: "N_{\\text{opt}}", description: "parameters that minimise L(N, C/(6N))", unit: "parameters"},
  expr: "((alpha * A) / (beta * B))^(1 / (alpha + beta)) * (C / 6)^(beta / (alpha + beta))",
  symbols: {
    alpha: {tex: "\\alpha", description: "parameter exponent"},
    A: {tex: "A", description: "fitted constant of the parameter term"},
    beta: {tex: "\\beta", description: "data exponent"},
    B: {tex: "B", description: "fitted constant of the data term"},
    C: {tex: "C", description: "FLOP budget"}
  },
  evaluate: ({alpha, A, beta, B, C}) => Math.pow((alpha * A) / (beta * B), 1 / (alpha + beta)) * Math.pow(C / 6, beta / (alpha + beta)),
  domain: {alpha: [0.2, 0.5], A: [100, 1000], beta: [0.2, 0.5], B: [100, 3000], C: [1e18, 1e27]}
});

export const computeOptimalD = defineFormula({
  id: "computeOptimalD",
  title: "Compute-optimal tokens, D = C/(6N)",
  result: {tex: "D_{\\text{opt}}", description: "training tokens at the optimum", unit: "tokens"},
  expr: "C / (6 * N_opt)",
  symbols: {
    C: {tex: "C", description: "FLOP budget"},
    N_opt: {tex: "N_{\\text{opt}}", description: "compute-optimal parameters"}
  },
  evaluate: ({C, N_opt}) => C / (6 * N_opt),
  domain: {C: [1e18, 1e27], N_opt: [1e6, 1e13]}
});

export const trainingGpuHours = defineFormula({
  id: "trainingGpuHours",
  title: "GPU-hours",
  result: {tex: "H", description: "GPU-hours", unit: "GPU-hours"},
  expr: "C / (P * u * 3600)",
  symbols: {
    C: {tex: "C", description: "training FLOPs"},
    P: {tex: "P_{\\text{peak}}", description: "peak dense BF16 FLOP/s of one GPU"},
    u: {tex: "\\text{MFU}", description: "model FLOPs utilisation (fraction of peak achieved)"}
  },
  evaluate: ({C, P, u}) => C / (P * u * 3600),
  domain: {C: [1e18, 1e27], P: [1e13, 1e16], u: [0.01, 1]}
});

const zeroSymbols = {
  Psi: {tex: "\\Psi", description: "parameters"},
  K: {tex: "K", description: "optimizer bytes per parameter (12 for mixed-precision Adam)"},
  N_d: {tex: "N_d", description: "data-parallel GPUs"}
} as const;
const zeroDomain = {Psi: [1e6, 1e13], K: [4, 16], N_d: [1, 4096]} as Record<"Psi" | "K" | "N_d", [number, number]>;

export const zeroStage0Memory = defineFormula({
  id: "zeroStage0Memory",
  title: "Model-state memory per GPU, plain data parallelism (ZeRO stage 0)",
  result: {tex: "M_0", description: "bytes per GPU", unit: "bytes"},
  expr: "(2 + 2 + K) * Psi",
  symbols: {Psi: zeroSymbols.Psi, K: zeroSymbols.K},
  evaluate: ({Psi, K}) => (2 + 2 + K) * Psi,
  domain: {Psi: zeroDomain.Psi, K: zeroDomain.K}
});

export const zeroStage1Memory = defineFormula({
  id: "zeroStage1Memory",
  title: "Model-state memory per GPU, ZeRO stage 1 (optimizer states sharded)",
  result: {tex: "M_1", description: "bytes per GPU", unit: "bytes"},
  expr: "2 * Psi + 2 * Psi + K * Psi / N_d",
  symbols: zeroSymbols,
  evaluate: ({Psi, K, N_d}) => 2 * Psi + 2 * Psi + (K * Psi) / N_d,
  domain: zeroDomain
});

export const zeroStage2Memory = defineFormula({
  id: "zeroStage2Memory",
  title: "Model-state memory per GPU, ZeRO stage 2 (optimizer states and gradients sharded)",
  result: {tex: "M_2", description: "bytes per GPU", unit: "bytes"},
  expr: "2 * Psi + (2 + K) * Psi / N_d",
  symbols: zeroSymbols,
  evaluate: ({Psi, K, N_d}) => 2 * Psi + ((2 + K) * Psi) / N_d,
  domain: zeroDomain
});

export const zeroStage3Memory = defineFormula({
  id: "zeroStage3Memory",
  title: "Model-state memory per GPU, ZeRO stage 3 (everything sharded)",
  result: {tex: "M_3", description: "bytes per GPU", unit: "bytes"},
  expr: "(2 + 2 + K) * Psi / N_d",
  symbols: zeroSymbols,
  evaluate: ({Psi, K, N_d}) => ((2 + 2 + K) * Psi) / N_d,
  domain: zeroDomain
});

export const trainingEnergy = defineFormula({
  id: "trainingEnergy",
  title: "Facility energy",
  result: {tex: "E_{\\text{kWh}}", description: "energy drawn by the data centre", unit: "kWh"},
  expr: "H * W * PUE / 1000",
  symbols: {
    H: {tex: "H", description: "GPU-hours"},
    W: {tex: "W", description: "average power per GPU incl. its share of the host, watts"},
    PUE: {tex: "\\text{PUE}", description: "power usage effectiveness (facility ÷ IT energy)"}
  },
  evaluate: ({H, W, PUE}) => (H * W * PUE) / 1000,
  domain: {H: [1, 1e9], W: [50, 2000], PUE: [1, 3]}
});

export const trainingCo2 = defineFormula({
  id: "trainingCo2",
  title: "Emissions",
  result: {tex: "\\text{CO}_2\\text{e}", description: "tonnes of CO₂-equivalent", unit: "t"},
  expr: "kWh * g / 1000",
  symbols: {
    kWh: {tex: "E_{\\text{kWh}}", description: "facility energy, kWh"},
    g: {tex: "I", description: "grid carbon intensity, kg CO₂e per kWh"}
  },
  evaluate: ({kWh, g}) => (kWh * g) / 1000,
  domain: {kWh: [1, 1e9], g: [0, 1.5]}
});
