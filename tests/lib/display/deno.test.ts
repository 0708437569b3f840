/**
 * lib/display/deno.ts: `Deno.jupyter` on paperlab's display path (tagged templates, display with raw /
 * update / display_id, format, image, broadcast), checked through a capturing sink.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DisplayBundle, JUPYTER_DISPLAY, setDisplaySink, toMimeBundle } from "../../../lib/display";
import { denoGlobal, denoJupyter } from "../../../lib/display/deno";
import { displayMessages } from "../../../lib/display/messages";

interface Sent {
  kind: string;
  data: Record<string, unknown>;
  id: string | undefined;
}

async function capture(fn: () => Promise<void>, withPublish = false): Promise<Sent[]> {
  const sent: Sent[] = [];
  const push = (kind: string) => (b: DisplayBundle, id: string | undefined) => sent.push({ kind, data: b.data, id });
  const prev = setDisplaySink({
    display: push("display"),
    update: push("update"),
    clear: () => undefined,
    ...(withPublish ? { publish: (type: string, content: Record<string, unknown>) => sent.push({ kind: type, data: content, id: undefined }) } : {}),
  });
  try {
    await fn();
  } finally {
    setDisplaySink(prev);
  }
  return sent;
}

test("html / md / svg tagged templates display as their one MIME type, values interpolated", async () => {
  const n = 3;
  const h = denoJupyter.html`<b>${n} items</b>${undefined}`;
  assert.deepEqual(h[JUPYTER_DISPLAY](), { "text/html": "<b>3 items</b>" });
  assert.deepEqual(denoJupyter.md`# ${"T"}itle`[JUPYTER_DISPLAY](), { "text/markdown": "# Title" });
  assert.deepEqual(denoJupyter.svg`<svg/>`[JUPYTER_DISPLAY](), { "image/svg+xml": "<svg/>" });
  // As a cell's last value: the bundle plus a readable text/plain (never the object's internals).
  assert.deepEqual((await toMimeBundle(h)).data, { "text/html": "<b>3 items</b>", "text/plain": "<HTML>" });
  assert.deepEqual((await toMimeBundle(denoJupyter.md`*m*`)).data, { "text/markdown": "*m*", "text/plain": "*m*" });
  assert.equal(denoJupyter.$display, Symbol.for("Jupyter.display"));
  assert.equal(denoGlobal.jupyter, denoJupyter);
});

test("display: formatted like display(), raw bundles as is, update replaces by display_id", async () => {
  const sent = await capture(async () => {
    await denoJupyter.display(denoJupyter.md`**a**`);
    await denoJupyter.display({ "text/plain": "raw", "text/html": "<i>raw</i>" }, { raw: true, display_id: "p1" });
    await denoJupyter.display({ "text/plain": "raw 2" }, { raw: true, update: true, display_id: "p1" });
    await denoJupyter.display(42);
  });
  assert.deepEqual(sent[0].data, { "text/markdown": "**a**", "text/plain": "**a**" });
  assert.deepEqual([sent[1].kind, sent[1].id, sent[1].data], ["display", "p1", { "text/plain": "raw", "text/html": "<i>raw</i>" }]);
  assert.deepEqual([sent[2].kind, sent[2].id, sent[2].data], ["update", "p1", { "text/plain": "raw 2" }]);
  assert.deepEqual(sent[3].data, { "text/plain": "42" });
  assert.equal(sent.length, 4);
});

test("display with update but no display_id is an error naming the fix", async () => {
  await assert.rejects(denoJupyter.display("x", { update: true }), { message: displayMessages.denoUpdateWithoutId() });
});

test("format gives the bundle display() sends", async () => {
  assert.deepEqual(await denoJupyter.format(denoJupyter.html`<p/>`), { "text/html": "<p/>", "text/plain": "<HTML>" });
  assert.deepEqual(await denoJupyter.format("s"), { "text/plain": "'s'" });
});

test("image: PNG and JPEG by signature, from bytes or a path; anything else is refused", () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]);
  assert.deepEqual(denoJupyter.image(png)[JUPYTER_DISPLAY](), { "image/png": Buffer.from(png).toString("base64") });
  const jpeg = Uint8Array.from([0xff, 0xd8, 7, 0xff, 0xd9]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-deno-")), "x.jpg");
  fs.writeFileSync(file, jpeg);
  assert.deepEqual(denoJupyter.image(file)[JUPYTER_DISPLAY](), { "image/jpeg": Buffer.from(jpeg).toString("base64") });
  assert.throws(() => denoJupyter.image(Uint8Array.from([1, 2, 3])), { message: displayMessages.denoImageUnknown("a 3-byte array") });
});

test("broadcast sends through the kernel's sink; headless it says there is no kernel", async () => {
  const sent = await capture(() => denoJupyter.broadcast("stream", { name: "stdout", text: "hi\n" }), true);
  assert.deepEqual(sent, [{ kind: "stream", data: { name: "stdout", text: "hi\n" }, id: undefined }]);
  await assert.rejects(
    capture(() => denoJupyter.broadcast("stream", { name: "stdout", text: "x" })),
    { message: displayMessages.denoNoBroadcast("stream") },
  );
});
