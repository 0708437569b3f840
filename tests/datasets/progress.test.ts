import * as assert from "node:assert/strict";
import { test } from "node:test";
import { startProgress } from "../../datasets/progress";

test("progress is rate-limited: nothing within the first interval, lines after it", () => {
  const saved = process.env.PAPERLAB_QUIET;
  delete process.env.PAPERLAB_QUIET;
  try {
    const lines: string[] = [];
    const quick = startProgress("quick", 10, 60_000, (s) => lines.push(s));
    for (let i = 0; i < 10; i++) quick.tick();
    quick.done();
    assert.equal(lines.length, 0);
    const slow = startProgress("slow", 3, 0, (s) => lines.push(s));
    slow.tick();
    slow.tick(2);
    slow.done();
    assert.equal(lines.length, 3);
    assert.match(lines[1], /slow: 100% \(3\/3\)/);
    assert.match(lines[2], /slow: done/);
  } finally {
    if (saved !== undefined) process.env.PAPERLAB_QUIET = saved;
  }
});
