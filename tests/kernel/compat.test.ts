/**
 * Notebooks written for other TypeScript kernels, in a real paperlab kernel (preload off for speed):
 * tslab's `import * as tslab from "tslab"` display API and Deno's `Deno.jupyter`, both on the
 * kernel's display path (IOPub display_data / update_display_data with the cell as parent).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Exchange, outputs, TestKernel } from "./kernel-client";

let k: TestKernel;

before(async () => {
  k = await TestKernel.start({ env: { PAPERLAB_KERNEL_PRELOAD: "0" } });
});

after(async () => {
  await k?.close();
});

/** [msg_type, data, display_id] of each display output. */
function displays(x: Exchange): Array<[string, Record<string, unknown>, unknown]> {
  return outputs(x)
    .filter((m) => m.header.msg_type === "display_data" || m.header.msg_type === "update_display_data")
    .map((m) => [m.header.msg_type, m.content.data as Record<string, unknown>, (m.content.transient as { display_id?: unknown }).display_id]);
}

function ok(x: Exchange): void {
  assert.equal(x.reply.content.status, "ok", JSON.stringify(x.reply.content));
}

describe("tslab's API in the paperlab kernel", () => {
  test("import * as tslab: each display method sends tslab's one-MIME bundle", async () => {
    const x = await k.execute([
      'import * as tslab from "tslab";',
      'tslab.display.html("<b>h</b>");',
      'tslab.display.markdown("# m");',
      'tslab.display.text("t");',
      'tslab.display.svg("<svg/>");',
      "tslab.display.png(new Uint8Array([1, 2, 3]));",
      "tslab.display.jpeg(new Uint8Array([255, 216]));",
      'tslab.display.javascript("1");',
      'tslab.display.raw("application/x-k", "v");',
    ].join("\n"));
    ok(x);
    assert.deepEqual(displays(x).map(([t, d]) => [t, d]), [
      ["display_data", { "text/html": "<b>h</b>" }],
      ["display_data", { "text/markdown": "# m" }],
      ["display_data", { "text/plain": "t" }],
      ["display_data", { "image/svg+xml": "<svg/>" }],
      ["display_data", { "image/png": "AQID" }],
      ["display_data", { "image/jpeg": "/9g=" }],
      ["display_data", { "text/javascript": "1" }],
      ["display_data", { "application/x-k": "v" }],
    ]);
  });

  test("import tslab from 'tslab' and tslab.versions work too", async () => {
    const x = await k.execute('import tslab from "tslab";\ntslab.display.html("<i>d</i>");\nconst v: string = tslab.versions.typescript;\n`${tslab.versions.node === process.version} ${/^\\d/.test(v)}`');
    ok(x);
    assert.deepEqual(displays(x).map(([, d]) => d), [{ "text/html": "<i>d</i>" }]);
    const result = outputs(x).find((m) => m.header.msg_type === "execute_result");
    assert.equal((result?.content.data as Record<string, unknown>)["text/plain"], "'true true'");
  });

  test("a newDisplay progress loop with top-level await updates one output in place", async () => {
    const x = await k.execute([
      'import { newDisplay } from "tslab";',
      "const bar = newDisplay();",
      "for (let i = 0; i <= 4; i++) {",
      "  bar.text(`${i}/4`);",
      "  await new Promise((r) => setTimeout(r, 5));",
      "}",
    ].join("\n"));
    ok(x);
    const d = displays(x);
    assert.deepEqual(d.map(([t, data]) => [t, data["text/plain"]]), [
      ["display_data", "0/4"], ["update_display_data", "1/4"], ["update_display_data", "2/4"], ["update_display_data", "3/4"], ["update_display_data", "4/4"],
    ]);
    assert.equal(new Set(d.map(([, , id]) => id)).size, 1);
    assert.equal(typeof d[0][2], "string");
  });

  test("tslab's typings check: a wrong argument is a type error", async () => {
    const x = await k.execute('import * as tslab from "tslab";\ntslab.display.png("not bytes");');
    assert.equal(x.reply.content.status, "error");
    assert.equal(x.reply.content.ename, "TypeError");
  });
});

describe("Deno.jupyter in the paperlab kernel", () => {
  test("display, tagged templates as a cell's value, raw with display_id and update", async () => {
    const x = await k.execute([
      "await Deno.jupyter.display(Deno.jupyter.md`**${1 + 1}**`);",
      'await Deno.jupyter.display({ "text/plain": "a" }, { raw: true, display_id: "d1" });',
      'await Deno.jupyter.display({ "text/plain": "b" }, { raw: true, update: true, display_id: "d1" });',
      "Deno.jupyter.html`<p>${'x'}</p>`",
    ].join("\n"));
    ok(x);
    const d = displays(x);
    assert.deepEqual(d.map(([t, data]) => [t, data]), [
      ["display_data", { "text/markdown": "**2**", "text/plain": "**2**" }],
      ["display_data", { "text/plain": "a" }],
      ["update_display_data", { "text/plain": "b" }],
    ]);
    assert.deepEqual(d.slice(1).map(([, , id]) => id), ["d1", "d1"]);
    const result = outputs(x).find((m) => m.header.msg_type === "execute_result");
    assert.deepEqual(result?.content.data, { "text/html": "<p>x</p>", "text/plain": "<HTML>" });
  });

  test("Deno is visible to cells only, never on globalThis (packages probing for Deno still see Node)", async () => {
    const x = await k.execute('`${typeof Deno.jupyter.display} ${"Deno" in globalThis}`');
    ok(x);
    const result = outputs(x).find((m) => m.header.msg_type === "execute_result");
    assert.equal((result?.content.data as Record<string, unknown>)["text/plain"], "'function false'");
  });

  test("broadcast sends a raw IOPub message with the cell as parent", async () => {
    const x = await k.execute('await Deno.jupyter.broadcast("stream", { name: "stdout", text: "from broadcast\\n" });');
    ok(x);
    const s = outputs(x).find((m) => m.header.msg_type === "stream");
    assert.equal(s?.content.text, "from broadcast\n");
  });
});
