import { test } from "node:test";
import assert from "node:assert/strict";
import { table, toMimeBundle } from "../../../lib/display";
import { runInfo } from "../../../lib/core/train/run-info";

test("table: Markdown with units, formats and spreads; aligned text fallback", async () => {
  const t = table(
    [
      { config: "I-LIF T1", acc: { mean: 0.9123, sd: 0.0081, n: 3 }, ms: 135.2, note: "a|b" },
      { config: "LIF T4", acc: 0.881, ms: 579 },
    ],
    { caption: "MNIST, 3 seeds", format: { acc: "%1", ms: 0 }, units: { acc: "%", ms: "ms/step" } },
  );
  const b = await toMimeBundle(t);
  assert.equal(
    b.data["text/markdown"],
    [
      "**MNIST, 3 seeds**",
      "",
      "| config | acc (%) | ms (ms/step) | note |",
      "| --- | ---: | ---: | --- |",
      "| I-LIF T1 | 91.2 ± 0.8 (n = 3) | 135 | a\\|b |",
      "| LIF T4 | 88.1 | 579 | — |",
    ].join("\n"),
  );
  const text = String(b.data["text/plain"]).split("\n");
  assert.equal(text[0], "MNIST, 3 seeds");
  assert.match(text[1], /^config\s+acc \(%\)\s+ms \(ms\/step\)\s+note$/);
  assert.equal(text.length, 5);
});

test("table: one object becomes name/value rows; bad rows and unknown columns are errors", () => {
  const t = table({ seed: 0, backend: "wasm" });
  assert.deepEqual(t.rows, [{ name: "seed", value: 0 }, { name: "backend", value: "wasm" }]);
  assert.throws(() => table([{ a: 1 }, [1, 2] as unknown as Record<string, unknown>]), /row 1 is an array/);
  assert.throws(() => table([{ a: 1 }], { columns: ["b"] }), /unknown column b; the rows have a/);
  const long = table(Array.from({ length: 10 }, (_, i) => ({ i })), { maxRows: 4 });
  assert.deepEqual(long.cells().map((r) => r[0]), ["0", "1", "… 6 more rows", "8", "9"]);
});

test("table: rows of an interface type and lab.runInfo() display without a cast", () => {
  interface Row {
    config: string;
    acc: number;
  }
  const rows: Row[] = [{ config: "I-LIF", acc: 0.91 }];
  assert.match(table(rows, { format: { acc: "%1" } }).markdown(), /\| I-LIF \| 91\.0 \|/);
  const info = table(runInfo(), { caption: "run" }).text();
  assert.match(info, /^run\nname +value/);
  assert.match(info, /backend +\S+/);
});
