import {test} from "node:test";
import assert from "node:assert/strict";
import {setText} from "../../src/components/set-text.js";

/** Just enough of a DOM element for setText: children, and textContent as the DOM defines it. */
function fakeElement(children: {nodeType: number; data?: string; textContent?: string}[]) {
  const element = {
    children,
    assigned: 0,
    get firstChild() { return this.children[0] ?? null; },
    get lastChild() { return this.children.at(-1) ?? null; },
    get textContent() { return this.children.map((c) => c.data ?? c.textContent ?? "").join(""); },
    set textContent(text: string) { this.assigned++; this.children = text === "" ? [] : [{nodeType: 3, data: text}]; }
  };
  return element;
}

test("setText rewrites the one text node an element holds, keeping the node", () => {
  const text = {nodeType: 3, data: "E3 · 0.412"};
  const cell = fakeElement([text]);
  setText(cell as unknown as Node, "E7 · 0.588");
  assert.equal(cell.textContent, "E7 · 0.588");
  assert.equal(cell.firstChild, text, "the same text node");
  assert.equal(cell.assigned, 0);
});

test("setText leaves equal text alone and replaces mixed content or clears it through textContent", () => {
  const same = fakeElement([{nodeType: 3, data: "routed"}]);
  setText(same as unknown as Node, "routed");
  assert.equal(same.assigned, 0);
  const mixed = fakeElement([{nodeType: 1, textContent: "E2 · 0.5"}, {nodeType: 3, data: " dropped"}]);
  setText(mixed as unknown as Node, "E2 · 0.5");
  assert.equal(mixed.assigned, 1);
  assert.equal(mixed.textContent, "E2 · 0.5");
  const element = fakeElement([{nodeType: 1, textContent: "x"}]);
  setText(element as unknown as Node, "y");
  assert.equal(element.assigned, 1, "an element child is not a text node");
  const cleared = fakeElement([{nodeType: 3, data: "x"}]);
  setText(cleared as unknown as Node, "");
  assert.deepEqual(cleared.children, [], "no empty text node left behind");
  setText(null, "ignored");
});
