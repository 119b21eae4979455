import {test} from "node:test";
import assert from "node:assert/strict";
import {captionLine, describeParameters, embedUrl, fileSlug, iframeSnippet, toCsv} from "../../src/lib/embed.js";
import {parseCsvRecords} from "../../src/lib/csv.js";

test("embed URL keeps control values, replaces view flags", () => {
  const u = embedUrl("http://x.test/attention?heads=4&present=1&embed=old#s", "softmax-saturation", false);
  assert.equal(u, "http://x.test/attention?heads=4&embed=softmax-saturation&controls=0");
  assert.equal(embedUrl("http://x.test/a", "c", true), "http://x.test/a?embed=c");
});
test("iframe snippet escapes attributes and is 16:9", () => {
  const s = iframeSnippet('http://x/?a=1&b="2"', "A <b> chart");
  assert.match(s, /src="http:\/\/x\/\?a=1&amp;b=&quot;2&quot;"/);
  assert.match(s, /title="A &lt;b&gt; chart"/);
  assert.match(s, /width="960" height="540"/);
});
test("caption line carries parameters and source", () => {
  assert.equal(describeParameters("?seq=4096&embed=x&model=Llama+2+7B"), "seq = 4096, model = Llama 2 7B");
  assert.equal(describeParameters(""), "default settings");
  assert.equal(captionLine("KV cache", "?seq=1", "data/models.csv", "http://x/p"), "KV cache. Parameters: seq = 1. Source: data/models.csv. From http://x/p");
});
test("CSV round-trips through the project's CSV parser", () => {
  const text = toCsv(["name", "note"], [["a,b", 'say "hi"'], ["x", 3]], "cap\nline");
  const [comment, ...rest] = text.split("\n");
  assert.equal(comment, "# cap line");
  const recs = parseCsvRecords(rest.join("\n"));
  assert.deepEqual(recs.map((r) => r.fields), [["name", "note"], ["a,b", 'say "hi"'], ["x", "3"]]);
});
test("file slugs", () => {
  assert.equal(fileSlug("KV cache against context: MHA, GQA"), "kv-cache-against-context-mha-gqa");
  assert.equal(fileSlug("—"), "chart");
});
