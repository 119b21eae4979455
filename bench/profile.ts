/**
 * Where a control change spends its time, to find what to make faster (the budgets are
 * checked by bench/run.ts). Over the built site (npm run build first):
 *   npx tsx bench/profile.ts /attention:query /moe:experts [/page:idle]
 * For each page:control it sets the control N times (env N, default 5) and prints, per change:
 * main-thread task, style and layout time (CDP Performance metrics), the functions with the
 * most self time (CPU profile), and with TRACE=1 the main thread's trace events by name
 * (self time, then inclusive); TRACE=tasks also lists the tasks with the most time no nested
 * event accounts for; TRACE_CATEGORIES="blink,cc,v8" adds trace categories (finer events,
 * e.g. which phase of a frame's lifecycle the time went to).
 * CELLS=1 adds the inclusive time of each cell of the page that re-ran.
 * PROFILE=0 leaves the CPU profiler off (it slows scripts), for trace timings closer to a real run.
 * WARM=k makes k changes before measuring (caches filled, as after a reader has tried each option).
 * CSS="…" injects a stylesheet first, to try a change without rebuilding. "idle" sets nothing.
 */
import {launchBrowser} from "../tests/browser/harness.js";
import {serveStatic} from "../scripts/serve.js";
import {SET_CONTROL} from "./set-control.js";
/** The innermost three frames of a trace event's stack, as "function file:line < …". */
const stackText = (stack: any[]) => stack.slice(0, 3).map((f) => `${f.functionName || "(anon)"} ${String(f.url).split("/").pop()}:${f.lineNumber}`).join(" < ");
const targets = process.argv.slice(2).map((s) => s.split(":")); // /moe:gated
const server = await serveStatic("dist");
const browser = await launchBrowser();
for (const [path, param] of targets) {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
  const page = await ctx.newPage();
  if (process.env.CSS) await page.addInitScript((css) => document.addEventListener("DOMContentLoaded", () => { const s = document.createElement("style"); s.textContent = css; document.head.append(s); }), process.env.CSS);
  await page.goto(server.origin + path, {waitUntil: "networkidle"});
  await page.waitForTimeout(1500);
  await page.addScriptTag({content: SET_CONTROL});
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Performance.enable");
  if (param !== "idle") await page.$eval(`form[data-param="${param}"]`, (f) => f.scrollIntoView({block: "center"}));
  const warm = Number(process.env.WARM ?? 0);
  for (let i = 1; i <= warm && param !== "idle"; i++) {
    await page.evaluate(([p, n]) => (window as unknown as {__setControl(p: string, n: number): void}).__setControl(p, n), [param, 100 + i] as const);
    await page.waitForTimeout(300);
  }
  await page.waitForTimeout(500);
  const metrics = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m: any) => [m.name, m.value]));
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", {interval: 200});
  const m0 = await metrics();
  const sampling = process.env.PROFILE !== "0";
  if (sampling) await cdp.send("Profiler.start");
  const traceEvents: any[] = [];
  if (process.env.TRACE) {
    cdp.on("Tracing.dataCollected", (e: any) => traceEvents.push(...e.value));
    await cdp.send("Tracing.start", {categories: "devtools.timeline,disabled-by-default-devtools.timeline" + (process.env.TRACE_CATEGORIES ? "," + process.env.TRACE_CATEGORIES : "") + (process.env.TRACE === "layout" ? ",disabled-by-default-devtools.timeline.invalidationTracking,disabled-by-default-devtools.timeline.stack" : ""), transferMode: "ReportEvents"});
  }
  const N = Number(process.env.N ?? 5);
  for (let i = 1; i <= N; i++) {
    if (param !== "idle") await page.evaluate(([p, n]) => (window as unknown as {__setControl(p: string, n: number): void}).__setControl(p, n), [param, i] as const);
    await page.waitForTimeout(600);
  }
  const profile = sampling ? (await cdp.send("Profiler.stop")).profile : {nodes: [], samples: [], timeDeltas: []};
  if (process.env.TRACE) {
    const done = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
    await cdp.send("Tracing.end");
    await done;
    const main = traceEvents.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
    const dur = new Map<string, number>();
    for (const e of traceEvents) if (e.ph === "X" && e.dur && (!main || (e.tid === main.tid && e.pid === main.pid))) dur.set(e.name, (dur.get(e.name) ?? 0) + e.dur / 1000);
    if (process.env.TRACE === "layout") {
      const reasons = new Map<string, number>();
      for (const e of traceEvents) if (e.name === "LayoutInvalidationTracking") { const k = `${e.args?.data?.reason} ${e.args?.data?.nodeName}`; reasons.set(k, (reasons.get(k) ?? 0) + 1); }
      const styleReasons = new Map<string, number>();
      for (const e of traceEvents) if (e.name === "StyleRecalcInvalidationTracking" || e.name === "StyleInvalidatorInvalidationTracking") { const d = e.args?.data ?? {}; const k = `${e.name.replace("InvalidationTracking", "")}: ${d.reason ?? d.invalidationList?.[0]?.classes?.join(".") ?? ""} ${d.nodeName ?? ""}`; styleReasons.set(k, (styleReasons.get(k) ?? 0) + 1); }
      console.log("   style invalidations:", [...styleReasons].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k} ×${v / N}`).join("; "));
      console.log("   layout invalidations:", [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${k} ×${v / N}`).join("; "));
    }
    if (process.env.TRACE === "layout") {
      // Style recalculations and layouts forced by a script (a stack) rather than run by the frame.
      const forced = new Map<string, number>();
      for (const e of traceEvents) {
        const stack = e.args?.beginData?.stackTrace ?? e.args?.data?.stackTrace;
        if ((e.name === "UpdateLayoutTree" || e.name === "Layout") && stack?.length) {
          const k = `${e.name} < ${stackText(stack)}`;
          forced.set(k, (forced.get(k) ?? 0) + 1);
        }
      }
      for (const [k, v] of [...forced].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`   forced ×${v / N}: ${k}`);
    }
    if (process.env.TRACE === "layout") for (const e of traceEvents) if (e.name === "Layout" && e.ph === "X" && e.dur > 1000) console.log(`   layout ${(e.dur / 1000).toFixed(1)} ms: ${e.args?.beginData?.dirtyObjects} of ${e.args?.beginData?.totalObjects} objects dirty; forced by ${stackText(e.args?.beginData?.stackTrace ?? []) || "the frame (not forced)"}`);
    // Self time per event: its duration less that of the events nested in it; then per name.
    const events = traceEvents.filter((e) => e.ph === "X" && e.dur && (!main || (e.tid === main.tid && e.pid === main.pid))).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const selfOf = new Map<any, number>();
    const open: any[] = [];
    for (const e of events) {
      while (open.length && open.at(-1).ts + open.at(-1).dur <= e.ts) open.pop();
      if (open.length) selfOf.set(open.at(-1), selfOf.get(open.at(-1))! - e.dur / 1000);
      selfOf.set(e, e.dur / 1000);
      open.push(e);
    }
    const selfTime = new Map<string, number>();
    for (const [e, v] of selfOf) selfTime.set(e.name, (selfTime.get(e.name) ?? 0) + v);
    if (process.env.TRACE === "tasks") {
      const tasks = [...selfOf].filter(([e, v]) => e.name === "RunTask" && v > 0.3).sort((a, b) => b[1] - a[1]).slice(0, 10);
      for (const [e, v] of tasks) console.log(`   RunTask self ${v.toFixed(1)} of ${(e.dur / 1000).toFixed(1)} ms`, JSON.stringify(e.args).slice(0, 300));
    }
    console.log("   trace (main thread, per change, self):", [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ${(v / N).toFixed(1)}`).join(", "));
    console.log("   trace (main thread, per change, inclusive):", [...dur].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ${(v / N).toFixed(1)}`).join(", "));
  }
  const m1 = await metrics();
  const d = (k: string) => ((m1[k] - m0[k]) * 1000 / N).toFixed(1);
  console.log(`${path} ${param}: per change task ${d("TaskDuration")} ms, script ${d("ScriptDuration")}, style ${d("RecalcStyleDuration")} (${((m1.RecalcStyleCount - m0.RecalcStyleCount) / N).toFixed(1)}x), layout ${d("LayoutDuration")} (${((m1.LayoutCount - m0.LayoutCount) / N).toFixed(1)}x)`);
  // self time per function
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
  const dt = profile.timeDeltas ?? []; const samples = profile.samples ?? [];
  for (let i = 0; i < samples.length; i++) {
    const n: any = byId.get(samples[i]);
    const key = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  const total = [...self].filter(([k]) => !k.startsWith("(idle)")).reduce((a, [, v]) => a + v, 0);
  console.log(`   profile: non-idle ${(total / N).toFixed(1)} ms per change, of which (program) ${((self.get("(program) :-1") ?? 0) / N).toFixed(1)}`);
  const top = [...self].filter(([k]) => !k.startsWith("(idle)") && !k.startsWith("(program)")).sort((a, b) => b[1] - a[1]).slice(0, 12);
  for (const [k, v] of top) console.log(`   ${(v / N).toFixed(2)} ms  ${k}`);
  if (process.env.CELLS) {
    // Inclusive time per cell body (functions defined in the page's own module), to see which cells a change re-runs.
    const selfById = new Map<number, number>();
    for (let i = 0; i < samples.length; i++) selfById.set(samples[i], (selfById.get(samples[i]) ?? 0) + (dt[i] ?? 0) / 1000);
    const inclusive = (n: any): number => (selfById.get(n.id) ?? 0) + (n.children ?? []).reduce((a: number, c: number) => a + inclusive(byId.get(c)), 0);
    const cells = new Map<string, number>();
    const pageName = path.slice(1) || "index";
    for (const n of profile.nodes as any[]) {
      if (!n.callFrame.url.endsWith("/" + pageName) || !n.callFrame.functionName.startsWith("body")) continue;
      const key = `cell at line ${n.callFrame.lineNumber}`;
      cells.set(key, (cells.get(key) ?? 0) + inclusive(n));
    }
    for (const [k, v] of [...cells].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`   ${(v / N).toFixed(2)} ms  ${k}`);
  }
  await ctx.close();
}
await browser.close();
await server.close();
