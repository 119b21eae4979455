/**
 * Page-wide view modes, installed once by any page that shows a chart:
 * - embed=<chart-id> shows that chart alone (its page's controls too, unless controls=0),
 *   sized to the frame, and reports its height to a parent window;
 * - present=1 is presenter mode: large type, no sidebar, sections stepped with
 *   ←/→, PageUp/PageDown or a clicker; contrast=high is a high-contrast theme.
 */
let installed = false;

function flag(name: string): string | null {
  return new URLSearchParams(location.search).get(name);
}

function setFlag(name: string, value: string | null): void {
  const url = new URL(location.href);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  history.replaceState(history.state, "", url);
}

function sections(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>("#observablehq-main h1, #observablehq-main h2")];
}

function step(direction: 1 | -1): void {
  const list = sections();
  const y = window.scrollY + 4;
  const tops = list.map((el) => el.getBoundingClientRect().top + window.scrollY);
  const target = direction > 0 ? list[tops.findIndex((t) => t > y + 8)] : list[tops.map((t) => t < y - 8).lastIndexOf(true)];
  target?.scrollIntoView({behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth", block: "start"});
}

function isEditable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(el.tagName) || el.closest("[role=grid]") !== null);
}

function toggleButton(label: string, pressed: boolean, onChange: (on: boolean) => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.setAttribute("aria-pressed", String(pressed));
  b.addEventListener("click", () => {
    const on = b.getAttribute("aria-pressed") !== "true";
    b.setAttribute("aria-pressed", String(on));
    onChange(on);
  });
  return b;
}

export function installPageTools(): void {
  if (installed || typeof document === "undefined") return;
  installed = true;
  const body = document.body;
  const embed = flag("embed");
  if (embed && /^[a-z0-9-]+$/.test(embed)) {
    body.classList.add("embed-mode");
    if (flag("controls") === "0") body.classList.add("embed-frozen");
    const style = document.createElement("style");
    // Hide every block except the one holding the chart (and, unless frozen, the control panels).
    style.textContent = `body.embed-mode #observablehq-main > :not(:has(figure.chart[data-chart="${embed}"])):not(:has(.controls)),
      body.embed-frozen #observablehq-main > :not(:has(figure.chart[data-chart="${embed}"])),
      body.embed-mode #observablehq-main > :has(figure.chart[data-chart="${embed}"]) > :not(figure.chart[data-chart="${embed}"]):not(:has(figure.chart[data-chart="${embed}"])) { display: none !important; }`;
    document.head.append(style);
    if (window.parent !== window) {
      new ResizeObserver(() => window.parent.postMessage({type: "llm-math-embed-height", chart: embed, height: document.documentElement.scrollHeight}, "*")).observe(body);
    }
    return;
  }
  if (flag("present") === "1") body.classList.add("present-mode");
  if (flag("contrast") === "high") body.classList.add("contrast-high");
  const bar = document.createElement("div");
  bar.className = "view-tools";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "View");
  bar.append(
    toggleButton("Present", body.classList.contains("present-mode"), (on) => {
      body.classList.toggle("present-mode", on);
      setFlag("present", on ? "1" : null);
    }),
    toggleButton("High contrast", body.classList.contains("contrast-high"), (on) => {
      body.classList.toggle("contrast-high", on);
      setFlag("contrast", on ? "high" : null);
    }),
    Object.assign(document.createElement("button"), {type: "button", textContent: "Print handout", onclick: () => window.print()})
  );
  body.append(bar);
  document.addEventListener("keydown", (event) => {
    if (!body.classList.contains("present-mode") || isEditable(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    if (["ArrowRight", "PageDown", " "].includes(event.key)) {
      event.preventDefault();
      step(1);
    } else if (["ArrowLeft", "PageUp"].includes(event.key)) {
      event.preventDefault();
      step(-1);
    }
  });
}
