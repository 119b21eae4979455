import {test} from "node:test";
import assert from "node:assert/strict";
import {buildAheadWhenIdle} from "../../src/components/idle.js";

// Node has no requestIdleCallback: whenIdle falls back to a timer of timeoutMs / 4.
const TIMEOUT = 8;
const drain = () => new Promise((resolve) => setTimeout(resolve, 20 * TIMEOUT));

test("buildAheadWhenIdle runs its tasks later, in order, each in its own idle moment", async () => {
  const log: string[] = [];
  buildAheadWhenIdle("order", [() => log.push("a"), () => log.push("b"), () => log.push("c")], TIMEOUT);
  assert.deepEqual(log, [], "nothing runs now");
  await new Promise((resolve) => setTimeout(resolve, TIMEOUT / 4 + 1));
  assert.ok(log.length < 3, `one task per idle moment, not all at once: ${log}`);
  await drain();
  assert.deepEqual(log, ["a", "b", "c"]);
});

test("a later call in the same group drops the earlier call's tasks not yet run; other groups are left alone", async () => {
  const log: string[] = [];
  buildAheadWhenIdle("fits", [() => log.push("old 1"), () => log.push("old 2")], TIMEOUT);
  buildAheadWhenIdle("other", [() => log.push("other")], TIMEOUT);
  buildAheadWhenIdle("fits", [() => log.push("new 1"), () => log.push("new 2")], TIMEOUT);
  await drain();
  assert.deepEqual(log.sort(), ["new 1", "new 2", "other"]);
});
