// Prints the TeX of every registry formula (see src/lib/formulas.ts), keyed by id.
import {FORMULAS} from "../lib/formula-registry.js";
import {formulaTex} from "../lib/formula-tex.js";

const out = Object.fromEntries(Object.values(FORMULAS).map((f) => [f.id, formulaTex(f)]));
process.stdout.write(JSON.stringify(out, null, 1));
