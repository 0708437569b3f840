import { test } from "node:test";
import assert from "node:assert/strict";
import { runLog, toMimeBundle } from "../../../lib/display";
import { runSeeds } from "../../../lib/kit";

/** Runs `fn` with process.stdout.write captured; returns what was written. */
async function captureStdout(fn: () => Promise<void>): Promise<string> {
  const write = process.stdout.write.bind(process.stdout);
  let out = "";
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  }) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = write;
  }
  return out;
}

test("runLog: collects lines without printing; runSeeds with it as the log writes nothing to stdout", async () => {
  const log = runLog("training log");
  const out = await captureStdout(async () => {
    const r = await runSeeds([0, 1, 2], (seed) => {
      log.say(`config A seed ${seed}: acc ${(0.9 + seed / 100).toFixed(2)}`);
      return 0.9 + seed / 100;
    });
    assert.equal(r.n, 3);
  });
  assert.equal(out, "");
  assert.deepEqual(log.lines, ["config A seed 0: acc 0.90", "config A seed 1: acc 0.91", "config A seed 2: acc 0.92"]);
});

test("runLog: displays as one collapsed <details> block with the count, HTML escaped; text/plain has every line", async () => {
  const log = runLog("training log");
  const say = log.say; // detached, as a paper's experiment receives it
  say("a <b> & c");
  say("two\nlines");
  const b = await toMimeBundle(log);
  const html = String(b.data["text/html"]);
  assert.match(html, /^<details><summary>training log \(3 lines\)<\/summary>/);
  assert.ok(!/<details open/.test(html));
  assert.ok(html.includes("<pre>a &lt;b&gt; &amp; c\ntwo\nlines</pre>"));
  assert.equal(b.data["text/plain"], "training log (3 lines)\na <b> & c\ntwo\nlines");
  assert.equal(runLog().summary(), "run log (0 lines)");
});
