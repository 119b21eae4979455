/**
 * Log-scale range inputs for counts like 7e10 parameters: Observable Inputs shows such a value as
 * "70000000000" in a narrow box. This shows it as "7.00e+10" (still a valid number for the box)
 * whenever the slider moves, the form's value is set, or the box loses focus — never while typing.
 */
export function compactNumberBoxes<T extends HTMLElement & {value: unknown}>(form: T): T {
  const box = form.querySelector<HTMLInputElement>("input[type=number]");
  const slider = form.querySelector<HTMLInputElement>("input[type=range]");
  if (!box) return form;
  const show = () => {
    const v = Number(form.value);
    if (Number.isFinite(v) && Math.abs(v) >= 1e5) box.value = v.toExponential(2);
  };
  show();
  slider?.addEventListener("input", show);
  box.addEventListener("change", show);
  // Programmatic sets (presets) go through the form's value setter; re-format after them.
  form.addEventListener("input", (event) => {
    if (event.target === form) queueMicrotask(show);
  });
  return form;
}
