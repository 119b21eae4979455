/**
 * Observable Framework configuration.
 * The site builds offline: no Google Fonts (`globalStylesheets: []`), and every
 * library is imported from node_modules by the pages themselves.
 */
export default {
  title: "LLM Math, Explained",
  root: "src",
  style: "style.css",
  globalStylesheets: [],
  pages: [
    {name: "Attention, step by step", path: "/attention"},
    {name: "What attention costs", path: "/attention-cost"},
    {name: "Mixture-of-Experts routing", path: "/moe"},
    {name: "Scaling laws", path: "/scaling"},
    {name: "What training costs", path: "/training"},
    {name: "The documents' numbers, checked", path: "/claims"},
    {name: "Workshop guide", path: "/workshop"}
  ],
  // Inline (no request): the document language, and accessible names for Framework's sidebar controls.
  head: `<meta name="color-scheme" content="light dark"><link rel="icon" href="data:,">
<script>document.documentElement.lang = "en";
addEventListener("DOMContentLoaded", () => {
  document.getElementById("observablehq-sidebar-toggle")?.setAttribute("aria-label", "Show or hide the list of notebooks");
  const close = document.getElementById("observablehq-sidebar-close");
  if (close) close.closest("ol")?.before(close);
});</script>`,
  header: `<a href="./" class="site-title">LLM Math, Explained</a>`,
  footer: "Every number on these pages is computed in the browser by <code>src/lib</code> or read from a cited table in <code>data/</code>.",
  toc: true,
  pager: true,
  search: false,
  linkify: true
};
