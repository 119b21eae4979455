// Hoffmann et al. 2022's projected compute-optimal models (Table 3 = approach 1; Table A3 = approaches 2, 3),
// validated. Each row also carries 6·N·D and whether the printed FLOPs agree with it within 25%
// (one printed value, approach 3 at 175B, is off by 10× in the paper; it is kept and flagged, not fixed).
import {readTable, runLoader} from "../lib/load-table.js";
import {check} from "../lib/table.js";

const FILE = "chinchilla-optimal.csv";

runLoader(() =>
  readTable(FILE, {
    params: {type: "number", required: true, min: 1e6, max: 1e15},
    flops: {type: "number", required: true, min: 1e15, max: 1e32},
    tokens: {type: "number", required: true, min: 1e6, max: 1e18},
    approach: {type: "enum", required: true, options: ["1", "2", "3"]},
    source: {type: "string", required: true}
  }).map((row) => {
    const flops6ND = 6 * row.params * row.tokens;
    const ratio = row.flops / flops6ND;
    check(ratio > 0.05 && ratio < 20, FILE, row.line, `printed FLOPs ${row.flops} are more than 20× away from 6·N·D = ${flops6ND.toPrecision(3)}`);
    return {
      params: row.params,
      flops: row.flops,
      tokens: row.tokens,
      approach: Number(row.approach),
      flops6ND,
      flopsConsistent: ratio > 0.75 && ratio < 1.25,
      tokensPerParameter: row.tokens / row.params,
      source: row.source
    };
  })
);
