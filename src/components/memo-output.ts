/**
 * Keeps a cell's output when what it shows has not changed. Observable's runtime re-runs a cell
 * whenever a variable it reads is recomputed, even to an equal value: a settings object that
 * gathers four controls re-runs every cell that reads it when any one of them moves. A cell
 * wraps what it displays in `memoOutput(key, deps, build)`, listing the values the output shows
 * (charts pass `dependsOn` to chartFigure), and shows it with `displayUnlessShown`: when the
 * values equal last run's, the element shown last time is still on the page and the cell
 * displays nothing, so the browser neither rebuilds nor re-lays-out it.
 *
 * A browser test sets every control of the pages that use this and checks the page then reads
 * exactly like a fresh load of the same URL, so a missing dependency cannot go unnoticed.
 */

/**
 * Equality of two dependency lists: `Object.is` for each entry, except that plain objects,
 * arrays and typed arrays are compared by their contents, recursively (a settings object rebuilt
 * with the same fields is equal). Meant for settings and small derived values (a typed array of
 * per-expert loads), not for large data.
 */
export function sameDependencies(a: readonly unknown[], b: readonly unknown[]): boolean {
  return sameValue(a, b);
}

function sameTypedArray(x: ArrayBufferView, y: ArrayBufferView): boolean {
  if (x.constructor !== y.constructor || x.byteLength !== y.byteLength) return false;
  const a = x as unknown as ArrayLike<unknown>, b = y as unknown as ArrayLike<unknown>;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function isPlain(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === Array.prototype || proto === null;
}

function sameValue(x: unknown, y: unknown): boolean {
  if (Object.is(x, y)) return true;
  if (ArrayBuffer.isView(x) && ArrayBuffer.isView(y)) return sameTypedArray(x, y);
  if (!isPlain(x) || !isPlain(y) || Array.isArray(x) !== Array.isArray(y)) return false;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.prototype.hasOwnProperty.call(y, k) && sameValue(x[k], y[k]));
}

const outputs = new Map<string, {dependencies: unknown[]; output: object}>();

/** `build()`'s result, or the one kept under `key` when `dependencies` equal the previous call's. */
export function memoOutput<T extends object>(key: string, dependencies: readonly unknown[], build: () => T): T {
  const kept = outputs.get(key);
  if (kept && sameDependencies(kept.dependencies, dependencies)) return kept.output as T;
  const output = build();
  outputs.set(key, {dependencies: [...dependencies], output});
  return output;
}

/**
 * Displays `outputs` with the cell's `display`, unless all of them are on the page already
 * (kept by memoOutput and shown by this cell's last run): then the cell displays nothing and
 * its last output stays. Framework clears a cell's previous output when the re-run cell first
 * calls `display`, not before (its client's main.js), which is what this relies on; a browser
 * test fails if that changes. Pass every output of the cell, in order: one `display` call
 * would clear the others.
 */
export function displayUnlessShown(display: (value: Node) => unknown, ...outputs: Node[]): void {
  if (outputs.every((output) => output.isConnected)) return;
  for (const output of outputs) display(output);
}

/**
 * Clears what the cell showed last time. A re-run cell that does not call `display` keeps
 * its last output (see displayUnlessShown), so a cell that shows something only sometimes calls
 * this in the other case.
 */
export function clearOutput(display: (value: Node) => unknown): void {
  display(document.createDocumentFragment());
}
