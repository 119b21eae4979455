// Model architectures from data/models.csv, validated, with parameter counts derived by src/lib/models.ts.
import {readTable, runLoader} from "../lib/load-table.js";
import {MODEL_SCHEMA, modelFromRow} from "../lib/model-table.js";
import {isCountable, parameterCounts} from "../lib/models.js";
import {kvCacheBytesPerToken} from "../lib/inference.js";
import {check} from "../lib/table.js";

const FILE = "data/models.csv";

runLoader(() => {
  const rows = readTable("models.csv", MODEL_SCHEMA);
  const seen = new Set<string>();
  return rows.map((row) => {
    check(!seen.has(row.name), FILE, row.line, `duplicate model name "${row.name}"`);
    seen.add(row.name);
    const model = modelFromRow(FILE, row);
    const countable = isCountable(model);
    return {
      ...model,
      countable,
      counts: countable ? parameterCounts(model) : null,
      kvBytesPerTokenBf16: countable ? kvCacheBytesPerToken(model, 2) : null
    };
  });
});
