// GPU presets from data/hardware.csv, validated; derives the roofline ridge point.
import {readTable, runLoader} from "../lib/load-table.js";
import {check} from "../lib/table.js";

const FILE = "hardware.csv";

runLoader(() =>
  readTable(FILE, {
    name: {type: "string", required: true},
    memory_gb: {type: "number", required: true, min: 1, max: 10000},
    memory_bandwidth_gbs: {type: "number", required: true, min: 1, max: 1e6},
    bf16_dense_tflops: {type: "number", required: true, min: 1, max: 1e6},
    fp8_dense_tflops: {type: "number", min: 1, max: 1e6},
    int8_dense_tops: {type: "number", min: 1, max: 1e6},
    tdp_watts: {type: "number", required: true, min: 1, max: 1e5},
    sources: {type: "string", required: true}
  }).map((row) => {
    check(row.fp8_dense_tflops === null || row.fp8_dense_tflops >= row.bf16_dense_tflops, FILE, row.line, "FP8 throughput below BF16");
    return {
      name: row.name,
      memoryBytes: row.memory_gb * 1e9,
      bandwidthBytesPerSecond: row.memory_bandwidth_gbs * 1e9,
      bf16FlopsPerSecond: row.bf16_dense_tflops * 1e12,
      fp8FlopsPerSecond: row.fp8_dense_tflops === null ? null : row.fp8_dense_tflops * 1e12,
      int8OpsPerSecond: row.int8_dense_tops === null ? null : row.int8_dense_tops * 1e12,
      tdpWatts: row.tdp_watts,
      /** FLOPs per byte at which BF16 compute and memory bandwidth balance. */
      ridgeBf16: (row.bf16_dense_tflops * 1e12) / (row.memory_bandwidth_gbs * 1e9),
      sources: row.sources
    };
  })
);
