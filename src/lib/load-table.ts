/**
 * Node-side helper for data loaders: read data/<name> (or $DATA_DIR/<name>) and
 * validate it. On a DataError the loader prints "file:line: problem" and exits 1,
 * which fails the Framework build.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {DataError, validateTable, type Row, type Schema} from "./table.js";

export function dataPath(name: string): string {
  return join(process.env.DATA_DIR ?? "data", name);
}

export function readTable<S extends Schema>(name: string, schema: S): Row<S>[] {
  const path = dataPath(name);
  return validateTable(path, readFileSync(path, "utf8"), schema);
}

/** Run a loader body, print its JSON, and turn a DataError into a clear build failure. */
export function runLoader(produce: () => unknown): void {
  try {
    process.stdout.write(JSON.stringify(produce()));
  } catch (error) {
    if (error instanceof DataError) {
      process.stderr.write(`Data error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
