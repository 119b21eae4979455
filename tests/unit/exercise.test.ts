import {test} from "node:test";
import assert from "node:assert/strict";
import {scoreGuess} from "../../src/lib/exercise.js";

test("scoreGuess: hand-worked cases", () => {
  assert.equal(scoreGuess(105, 100).verdict, "spot on");
  assert.equal(scoreGuess(150, 100).verdict, "close");
  assert.match(scoreGuess(150, 100).message, /50% too high \(close\)/);
  assert.equal(scoreGuess(20, 100).verdict, "same order of magnitude");
  assert.match(scoreGuess(20, 100).message, /5× too low/);
  assert.equal(scoreGuess(1, 100).verdict, "off by more than 10×");
  assert.equal(scoreGuess(0, 0).verdict, "spot on");
  assert.equal(scoreGuess(-3, 3).verdict, "off by more than 10×");
  assert.throws(() => scoreGuess(NaN, 1), RangeError);
});
