// Published training figures (compute, GPU-hours, energy, emissions, memory) from data/training-reference.csv,
// validated: positive values, one row per (model, quantity, unit).
import {readTable, runLoader} from "../lib/load-table.js";
import {check} from "../lib/table.js";

const FILE = "training-reference.csv";

runLoader(() => {
  const seen = new Set<string>();
  return readTable(FILE, {
    model: {type: "string", required: true},
    quantity: {type: "string", required: true, pattern: /^[a-z0-9_+]+$/i},
    value: {type: "number", required: true, min: 0, max: 1e30},
    unit: {type: "string", required: true},
    source: {type: "string", required: true}
  }).map((row) => {
    const key = `${row.model}|${row.quantity}|${row.unit}`;
    check(!seen.has(key), FILE, row.line, `duplicate ${row.quantity} (${row.unit}) for ${row.model}`);
    seen.add(key);
    check(row.value > 0, FILE, row.line, `${row.quantity} must be positive`);
    return {model: row.model, quantity: row.quantity, value: row.value, unit: row.unit, source: row.source};
  });
});
