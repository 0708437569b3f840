/** kernel/history.ts: the history file's limits (entries, bytes, huge cells) and its owner-only mode. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { HistoryStore } from "../../kernel/history";

function tmpFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-history-")), "sub", "history.jsonl");
}

test("history keeps the newest cells within maxEntries and maxBytes, skips huge cells, and writes 0600", () => {
  const file = tmpFile();
  const h = new HistoryStore(file, { maxEntries: 20, maxBytes: 2000, maxCellChars: 100 });
  for (let i = 1; i <= 60; i++) {
    h.add(i, `cell number ${i}`);
    h.flush();
  }
  h.add(61, "y".repeat(101));
  h.flush();
  const lines = fs.readFileSync(file, "utf8").trim().split("\n");
  assert.ok(lines.length <= 20, `${lines.length} lines kept`);
  assert.ok(fs.statSync(file).size <= 2000);
  assert.match(lines.at(-1)!, /cell number 60/);
  assert.ok(!fs.readFileSync(file, "utf8").includes("yyyy"), "the huge cell was not stored");
  if (process.platform !== "win32") assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  const tail = h.query({ hist_access_type: "tail", n: 1 });
  assert.equal(tail[0][2], "cell number 60");
});

test("an oversized, world-readable file from before is read from its tail only, compacted and made 0600", () => {
  const file = tmpFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const old = Array.from({ length: 500 }, (_, i) => JSON.stringify({ session: 1, line: i + 1, input: `old ${i + 1}` }) + "\n").join("");
  fs.writeFileSync(file, old, { mode: 0o644 });
  fs.chmodSync(file, 0o644);
  const h = new HistoryStore(file, { maxEntries: 1000, maxBytes: 4000, maxCellChars: 100 });
  assert.equal(h.session, 2);
  assert.equal(h.query({ hist_access_type: "range", session: 1, start: 500, stop: 501 })[0][2], "old 500");
  assert.equal(h.query({ hist_access_type: "range", session: 1, start: 1, stop: 2 }).length, 0, "the head beyond maxBytes is not loaded");
  h.add(1, "new cell");
  h.flush();
  assert.ok(fs.statSync(file).size <= 4000);
  if (process.platform !== "win32") assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  const again = new HistoryStore(file);
  assert.equal(again.query({ hist_access_type: "tail", n: 1 })[0][2], "new cell");
});
