// Models and milestones the documents name (data/timeline.csv): the documents' size next to the primary source's.
import {readTable, runLoader} from "../lib/load-table.js";
import {check} from "../lib/table.js";
import {normalizeQuantity} from "../lib/units.js";

const FILE = "data/timeline.csv";

runLoader(() =>
  readTable("timeline.csv", {
    model: {type: "string", required: true},
    date: {type: "string", required: true, pattern: /^\d{4}-(0[1-9]|1[0-2])$/},
    org: {type: "string", required: true},
    params_doc: {type: "number", min: 0},
    params_doc_unit: {type: "enum", options: ["亿", "万亿", "千亿", "B", "M", "T"]},
    doc: {type: "string"},
    params_primary: {type: "number", min: 1e6},
    active_params_primary: {type: "number", min: 1e6},
    params_disclosed: {type: "boolean"},
    source: {type: "string", required: true},
    notes: {type: "string"}
  }).map((r) => {
    check((r.params_doc === null) === (r.params_doc_unit === null), FILE, r.line, `${r.model}: params_doc and params_doc_unit go together`);
    check(r.params_disclosed !== false || r.params_primary === null, FILE, r.line, `${r.model}: undisclosed but a primary size is given`);
    const paramsDoc = r.params_doc === null ? null : normalizeQuantity(String(r.params_doc), r.params_doc_unit!).value;
    const [year, month] = r.date.split("-").map(Number);
    return {
      model: r.model,
      date: r.date,
      /** Decimal year at mid-month, for plotting. */
      year: year + (month - 0.5) / 12,
      org: r.org,
      docs: r.doc ? r.doc.split(";").map((d) => d.trim()) : [],
      paramsDoc,
      paramsDocPrinted: r.params_doc === null ? null : `${r.params_doc}${r.params_doc_unit}`,
      paramsPrimary: r.params_primary,
      activeParamsPrimary: r.active_params_primary,
      kind: r.params_disclosed === null ? "milestone" : r.params_disclosed ? "model" : "undisclosed",
      /** The documents' figure differs from the primary source by more than 10%. */
      docDiffers: paramsDoc !== null && r.params_primary !== null && Math.abs(paramsDoc - r.params_primary) > 0.1 * r.params_primary,
      source: r.source,
      notes: r.notes
    };
  })
);
