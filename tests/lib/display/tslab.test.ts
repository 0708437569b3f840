/**
 * lib/display/tslab.ts against tslab's own implementation (node_modules/tslab/dist/public.js): the
 * same calls, one captured through tslab's `jupyter.lastWriteDisplayData` hook and one through a
 * paperlab display sink, must give the same MIME bundles, the same new-vs-update sequence and the
 * same id reuse.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Display } from "tslab";
import { DisplayBundle, setDisplaySink } from "../../../lib/display";
import { newDisplay, tslabBundle, tslabDisplay, tslabModule, tslabVersions } from "../../../lib/display/tslab";

/** One message as either implementation sent it. */
interface Sent {
  kind: "display" | "update";
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  id: string | undefined;
}

type Call = (d: Display) => void;

const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 7]);

/** Every public method of tslab's Display, with representative arguments. */
const CALLS: Array<[string, Call]> = [
  ["javascript", (d) => d.javascript("console.log(1)")],
  ["html", (d) => d.html("<b>bold</b>")],
  ["markdown", (d) => d.markdown("# title")],
  ["latex", (d) => d.latex("$x^2$")],
  ["svg", (d) => d.svg("<svg xmlns='http://www.w3.org/2000/svg'/>")],
  ["png", (d) => d.png(bytes)],
  ["png (Buffer)", (d) => d.png(Buffer.from(bytes))],
  ["png (view into a larger buffer)", (d) => d.png(new Uint8Array(Uint8Array.from([1, 2, 3, 4, 5]).buffer, 1, 3))],
  ["jpeg", (d) => d.jpeg(Uint8Array.from([0xff, 0xd8, 1, 2, 0xff, 0xd9]))],
  ["gif", (d) => d.gif(Uint8Array.from([0x47, 0x49, 0x46, 0x38]))],
  ["pdf", (d) => d.pdf(Uint8Array.from([0x25, 0x50, 0x44, 0x46]))],
  ["text", (d) => d.text("plain text")],
  ["raw (string)", (d) => d.raw("application/vnd.custom+json", "{\"a\":1}")],
  ["raw (bytes)", (d) => d.raw("application/octet-stream", Uint8Array.from([1, 2, 3]))],
];

/** Runs `fn` against tslab's real module, capturing what it sends. */
function withTslab(fn: (tslab: typeof import("tslab")) => void): Sent[] {
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
  const sent: Sent[] = [];
  const prev = jupyter.lastWriteDisplayData;
  jupyter.lastWriteDisplayData = (msg: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: { display_id?: string } }, update: boolean) =>
    sent.push({ kind: update ? "update" : "display", data: msg.data, metadata: msg.metadata, id: msg.transient.display_id });
  try {
    fn(require("tslab") as typeof import("tslab"));
  } finally {
    jupyter.lastWriteDisplayData = prev;
  }
  return sent;
}

/** Runs `fn` against paperlab's module through a capturing sink; every message must arrive synchronously. */
function withPaperlab(fn: (tslab: typeof import("tslab")) => void): Sent[] {
  const sent: Sent[] = [];
  const push = (kind: Sent["kind"]) => (b: DisplayBundle, id: string | undefined) => sent.push({ kind, data: b.data, metadata: b.metadata, id });
  const prev = setDisplaySink({ display: push("display"), update: push("update"), clear: () => undefined });
  try {
    fn(tslabModule() as unknown as typeof import("tslab"));
  } finally {
    setDisplaySink(prev);
  }
  return sent;
}

for (const [name, call] of CALLS) {
  test(`tslab.display.${name}: the same bundle as tslab's own`, () => {
    const theirs = withTslab((t) => call(t.display));
    const ours = withPaperlab((t) => call(t.display));
    assert.equal(theirs.length, 1);
    assert.equal(ours.length, 1, "sent before the call returned");
    assert.deepEqual(ours[0].data, theirs[0].data);
    assert.deepEqual(ours[0].metadata, theirs[0].metadata);
    assert.equal(ours[0].kind, "display");
    assert.equal(theirs[0].id, undefined, "tslab's module-level display has no id");
  });
}

test("bytes become base64 of exactly the viewed bytes", () => {
  assert.deepEqual(tslabBundle("image/png", new Uint8Array(Uint8Array.from([9, 1, 2, 9]).buffer, 1, 2)), { "image/png": "AQI=" });
  assert.deepEqual(tslabBundle("text/html", "<i>x</i>"), { "text/html": "<i>x</i>" });
});

test("newDisplay: the first call shows, later calls update that output in place, like tslab", () => {
  const loop = (t: typeof import("tslab")) => {
    const d = t.newDisplay();
    for (let i = 0; i <= 3; i++) d.text(`step ${i}/3`);
    d.html("<b>done</b>");
    t.display.text("after");
  };
  const theirs = withTslab(loop);
  const ours = withPaperlab(loop);
  assert.deepEqual(ours.map((s) => [s.kind, s.data]), theirs.map((s) => [s.kind, s.data]));
  assert.deepEqual(ours.map((s) => s.kind), ["display", "update", "update", "update", "update", "display"]);
  const ids = new Set(ours.slice(0, 5).map((s) => s.id));
  assert.equal(ids.size, 1, "one id for the whole loop");
  assert.ok([...ids][0], "the id is set");
  assert.notEqual(ours[5].id, ours[0].id);
});

test("two newDisplay()s are independent outputs", () => {
  const ours = withPaperlab((t) => {
    const a = t.newDisplay();
    const b = t.newDisplay();
    a.text("a1");
    b.text("b1");
    a.text("a2");
  });
  assert.deepEqual(ours.map((s) => s.kind), ["display", "display", "update"]);
  assert.notEqual(ours[0].id, ours[1].id);
  assert.equal(ours[2].id, ours[0].id);
});

test("the module: display, newDisplay, versions, and default for `import tslab from 'tslab'`", () => {
  const m = tslabModule();
  assert.equal(m.display, tslabDisplay);
  assert.equal(m.newDisplay, newDisplay);
  assert.equal(m.default, m);
  assert.equal(m.__esModule, true);
  const theirs = (require("tslab") as typeof import("tslab")).versions;
  assert.deepEqual(m.versions, theirs);
  assert.deepEqual(tslabVersions(), { tslab: theirs.tslab, typescript: theirs.typescript, node: process.version });
  assert.match(theirs.typescript, /^\d+\.\d+/);
});
