/**
 * Keeps every control's value in the page URL, so any view can be shared, embedded
 * and restored. Parsing and validation live in src/lib/params.ts (pure, tested).
 */
import * as Inputs from "@observablehq/inputs";
import {parseParams, type ParamSpec, type ParamSpecs, type ParamValues} from "../lib/params.js";
import {memoOutput} from "./memo-output.js";
import {writeUrlParam} from "./url-write.js";

export interface UrlState<S extends ParamSpecs> {
  specs: S;
  values: ParamValues<S>;
  messages: string[];
}

/** Read and validate the page's current query string. */
export function readUrlState<S extends ParamSpecs>(specs: S): UrlState<S> {
  const {values, messages} = parseParams(location.search, specs);
  return {specs, values, messages};
}

/**
 * The notice of urlNotice(messages), kept under `key` and returned again while the messages stay
 * the same: shown with displayUnlessShown, a control change that leaves them as they were does
 * not rebuild it.
 */
export function keptUrlNotice(key: string, messages: string[]): HTMLElement {
  return memoOutput(`url-notice:${key}`, messages, () => urlNotice(messages));
}

/** A visible, polite notice listing rejected or adjusted URL values (empty element when none). */
function urlNotice(messages: string[]): HTMLElement {
  const box = document.createElement("div");
  box.className = "url-notice";
  box.setAttribute("role", "status");
  if (messages.length === 0) {
    box.hidden = true;
    return box;
  }
  const title = document.createElement("strong");
  title.textContent = "Some link values were adjusted: ";
  box.append(title);
  const list = document.createElement("ul");
  for (const message of messages) {
    const item = document.createElement("li");
    item.textContent = message;
    list.append(item);
  }
  box.append(list);
  return box;
}

export interface ControlOptions {
  /** Range sliders: step and log scale. */
  step?: number;
  log?: boolean;
  /** Choice controls: show as radio buttons instead of a select. */
  radio?: boolean;
  /** Text shown for each choice option. */
  format?: (option: string) => string;
  placeholder?: string;
}

export type InputElement = HTMLElement & {value: unknown};

/** An Observable Input for `state.specs[key]`, starting at the URL's value and writing changes back to it. */
export function urlControl<S extends ParamSpecs>(state: UrlState<S>, key: keyof S & string, options: ControlOptions = {}): InputElement {
  const spec: ParamSpec = state.specs[key];
  const value = state.values[key] as number | string | boolean;
  let input: InputElement;
  switch (spec.kind) {
    case "number":
      input = Inputs.range([spec.min, spec.max], {
        label: spec.label,
        value,
        step: options.step ?? (spec.integer ? 1 : undefined),
        transform: options.log ? Math.log : undefined,
        invert: options.log ? Math.exp : undefined
      }) as InputElement;
      break;
    case "choice":
      input = (options.radio ? Inputs.radio : Inputs.select)(spec.options, {label: spec.label, value, format: options.format}) as InputElement;
      break;
    case "boolean":
      input = Inputs.toggle({label: spec.label, value}) as InputElement;
      break;
    case "text":
      input = Inputs.text({label: spec.label, value, maxlength: spec.maxLength, placeholder: options.placeholder, autocomplete: "off"}) as InputElement;
      break;
  }
  input.dataset.param = key;
  // Inputs.range pairs a number box with a slider; only the box is tied to the <label>.
  for (const el of input.querySelectorAll("input[type=range]")) el.setAttribute("aria-label", spec.label);
  input.addEventListener("input", () => {
    const v = input.value as number | string | boolean;
    if (typeof v === "number" && !Number.isFinite(v)) return;
    writeUrlParam(key, v);
  });
  return input;
}

/**
 * Sets several controls of one `Inputs.form` together (a preset). Each control hears a
 * non-bubbling "input" (its URL write and number formatting run), so the form is not told
 * field by field: it would hand the page a half-applied preset, computed and drawn for a
 * frame before the full one. `notify`, when given, then gets one bubbling "input", so the
 * form reads every new value at once; leave it out when the event that triggered the preset
 * is itself still bubbling to the form.
 */
export function setControls(values: Iterable<[InputElement, unknown]>, notify?: HTMLElement): void {
  for (const [input, value] of values) {
    input.value = value;
    input.dispatchEvent(new Event("input"));
  }
  notify?.dispatchEvent(new Event("input", {bubbles: true}));
}

/**
 * A labelled group of controls, usable as an `Inputs.form` template or on its own:
 * `controlPanel("Router settings")(inputs)`. `extra` (e.g. a button) goes after the inputs.
 */
export function controlPanel(label: string, extra?: Node | string): (inputs: Record<string, Node>) => HTMLElement {
  return (inputs) => {
    const group = document.createElement("div");
    group.className = "controls";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", label);
    group.append(...Object.values(inputs));
    if (extra !== undefined && extra !== "") group.append(extra);
    return group;
  };
}
