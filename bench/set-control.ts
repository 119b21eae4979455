/**
 * In-page script shared by bench/run.ts and bench/profile.ts: `window.__setControl(param, index)`
 * changes the control `form[data-param=param]` as a reader would — a slider moves to a
 * golden-ratio step `index` of its own (possibly logarithmic) scale, a select or radio group
 * steps to the next option, a checkbox toggles, a text box gains or loses " x".
 */
export const SET_CONTROL = `window.__setControl = (param, index) => {
  const form = document.querySelector('form[data-param="' + param + '"]');
  const slider = form.querySelector("input[type=range]") || form.querySelector("input[type=number]");
  const select = form.querySelector("select");
  const radios = [...form.querySelectorAll("input[type=radio]")];
  const checkbox = form.querySelector("input[type=checkbox]");
  if (slider) {
    const min = Number(slider.min), max = Number(slider.max);
    slider.value = String(min + (max - min) * ((index * 0.6180339887) % 1));
    slider.dispatchEvent(new Event("input", {bubbles: true}));
  } else if (select) {
    select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
    select.dispatchEvent(new Event("input", {bubbles: true}));
  } else if (radios.length) {
    const i = radios.findIndex((r) => r.checked);
    radios[(i + 1) % radios.length].click();
  } else if (checkbox) {
    checkbox.click();
  } else {
    const input = form.querySelector("input");
    input.value = input.value.endsWith(" x") ? input.value.slice(0, -2) : input.value + " x";
    input.dispatchEvent(new Event("input", {bubbles: true}));
  }
};`;
