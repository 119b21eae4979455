// The documents' numeric claims (data/claims.csv): validated, normalised to base units,
// decided by arithmetic where a `calc` is given, linked to the notebook that explores them.
import {readTable, runLoader} from "../lib/load-table.js";
import {MODEL_SCHEMA, modelFromRow} from "../lib/model-table.js";
import {CLAIM_SCHEMA, buildClaims} from "../lib/claim-table.js";
import config from "../../observablehq.config.js";

runLoader(() => {
  const models = readTable("models.csv", MODEL_SCHEMA).map((r) => modelFromRow("data/models.csv", r));
  const pages = ["/", ...config.pages.map((p) => p.path)];
  return buildClaims("data/claims.csv", readTable("claims.csv", CLAIM_SCHEMA), models, pages);
});
