import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "stream";
import { firstLine, Progress } from "../../../kernel/client/progress";

function sink(tty: boolean) {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  s.isTTY = tty;
  s.columns = 40;
  let text = "";
  s.on("data", (d) => (text += d));
  return { s, text: () => text };
}

test("not a TTY: plain start and end lines, no escape codes", () => {
  const { s, text } = sink(false);
  const p = new Progress(s, false, "paper ");
  p.cellStart(1, 2, "\n  let x = 1;\nx");
  p.cellEnd(1, 2, "ok");
  const out = text();
  assert.match(out, /^paper \[1\/2\] let x = 1;\npaper \[1\/2\] ok \d+\.\d s\n$/);
  assert.ok(!out.includes("\x1b"));
});

test("a TTY: one line rewritten in place, cut to the terminal width, with the elapsed time", () => {
  const { s, text } = sink(true);
  const p = new Progress(s);
  p.cellStart(3, 12, "const aVeryLongName = someFunctionCall(withManyArguments, andMore);");
  p.cellEnd(3, 12, "error");
  const out = text();
  assert.match(out, /^\r\x1b\[K\[3\/12\] 00:00 const aVeryLong/);
  const drawn = out.split("\r\x1b[K")[1];
  assert.ok(drawn.length <= 39, `drawn line fits in 40 columns: ${JSON.stringify(drawn)}`);
  assert.match(out, /\[3\/12\] error after \d+\.\d s \(total 00:00\)\n$/);
});

test("quiet prints nothing; firstLine skips blank lines and trims", () => {
  const { s, text } = sink(false);
  const p = new Progress(s, true);
  p.cellStart(1, 1, "x");
  p.note("hello");
  assert.equal(text(), "");
  assert.equal(firstLine("\n\n   print(1)  \nmore"), "print(1)");
  assert.equal(firstLine("x".repeat(80)).length, 60);
});
