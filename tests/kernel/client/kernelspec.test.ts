/**
 * kernel/client/kernelspec.ts: which kernel stands in for a notebook kernel that is not installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { paperlabKernelSpec, standInKernel } from "../../../kernel/client/kernelspec";
import { runMessages } from "../../../kernel/client/messages";
import { LANGUAGE_ENV } from "../../../kernel/kernelspec";

test("TypeScript notebooks (tslab, Deno) get the paperlab kernel with a note", () => {
  for (const [name, language] of [["tslab", "typescript"], ["deno", "TypeScript"], ["ts-kernel", "ts"]]) {
    const s = standInKernel(name, language);
    assert.ok(s, `${name} (${language})`);
    assert.deepEqual(s.spec, paperlabKernelSpec());
    assert.equal(s.spec.env?.[LANGUAGE_ENV], undefined);
    assert.equal(s.note, runMessages.standInKernel(name, "typescript"));
  }
});

test("JavaScript notebooks (jslab) get the paperlab kernel in JavaScript mode", () => {
  const s = standInKernel("jslab", "javascript");
  assert.ok(s);
  assert.equal(s.spec.name, paperlabKernelSpec().name);
  assert.deepEqual(s.spec.argv, paperlabKernelSpec().argv);
  assert.equal(s.spec.language, "javascript");
  assert.equal(s.spec.env?.[LANGUAGE_ENV], "javascript");
  assert.match(s.note, /JavaScript notebook on paperlab.*--kernel/);
});

test("other languages, or none, get no stand-in", () => {
  assert.equal(standInKernel("python3", "python"), null);
  assert.equal(standInKernel("ir", "R"), null);
  assert.equal(standInKernel("mystery", undefined), null);
});
