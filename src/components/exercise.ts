/**
 * "Predict, then reveal": the learner commits a guess, then the page reveals the answer it
 * computes from the live widgets and how far off the guess was. A committed guess survives
 * re-renders (the answer follows the controls), so learners can change a setting and compare.
 */
import {scoreGuess} from "../lib/exercise.js";
import {memoOutput} from "./memo-output.js";

export interface ExerciseOptions {
  id: string;
  question: string;
  /** The answer computed from the current settings. */
  answer: number;
  unit?: string;
  format?: (x: number) => string;
  /** Why the answer is what it is (shown after the reveal). */
  explain: string;
}

const guesses = new Map<string, number>();

/**
 * A "predict, then reveal" exercise. The element is kept per id while what it shows (question,
 * answer, unit, explanation) stays the same, so a page shows it with displayUnlessShown and a
 * control change that does not touch it leaves it, and a half-typed guess, as they were
 * (`format` is taken to be fixed per id). A committed guess is kept per id across rebuilds.
 */
export function predictReveal(o: ExerciseOptions): HTMLElement {
  return memoOutput(`exercise:${o.id}`, [o.question, o.answer, o.unit ?? "", o.explain], () => exerciseElement(o));
}

function exerciseElement(o: ExerciseOptions): HTMLElement {
  const format = o.format ?? ((x: number) => String(Number(x.toPrecision(3))));
  const box = document.createElement("section");
  box.className = "exercise";
  box.dataset.exercise = o.id;
  box.setAttribute("aria-label", `Exercise: ${o.question}`);
  const h = document.createElement("h3");
  h.textContent = "Predict, then reveal";
  const q = document.createElement("p");
  q.textContent = o.question;
  const form = document.createElement("form");
  const label = document.createElement("label");
  label.textContent = `Your guess${o.unit ? ` (${o.unit})` : ""}: `;
  const input = document.createElement("input");
  input.type = "number";
  input.step = "any";
  input.name = "guess";
  input.required = true;
  label.append(input);
  const commit = document.createElement("button");
  commit.type = "submit";
  commit.textContent = "Commit guess and reveal";
  form.append(label, " ", commit);
  const result = document.createElement("div");
  result.setAttribute("aria-live", "polite");
  const reveal = (guess: number) => {
    input.value = String(guess);
    input.disabled = true;
    commit.disabled = true;
    const score = scoreGuess(guess, o.answer, format);
    result.replaceChildren();
    const line = document.createElement("p");
    line.className = "exercise-result";
    line.textContent = score.message;
    const why = document.createElement("p");
    why.textContent = o.explain;
    const again = document.createElement("button");
    again.type = "button";
    again.textContent = "Try again";
    again.addEventListener("click", () => {
      guesses.delete(o.id);
      input.disabled = false;
      commit.disabled = false;
      input.value = "";
      result.replaceChildren();
      input.focus();
    });
    result.append(line, why, again);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const guess = Number(input.value);
    if (input.value.trim() === "" || !Number.isFinite(guess)) {
      result.textContent = "Enter a number first.";
      return;
    }
    guesses.set(o.id, guess);
    reveal(guess);
  });
  box.append(h, q, form, result);
  const previous = guesses.get(o.id);
  if (previous !== undefined) reveal(previous);
  return box;
}
