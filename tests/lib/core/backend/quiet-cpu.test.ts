/**
 * lib/core/backend/quiet-cpu.ts: tfjs-backend-cpu's "Hi, looks like you are running TensorFlow.js in Node.js…"
 * notice. Each case runs in a fresh Node process (the notice fires once per backend instance, and this process may
 * already hold one): plain tfjs prints it, so the check can fail; with the library loaded it never shows, on the CPU
 * backend in use or on `paperlab bench --backends cpu`; CPU tensors still compute.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..", "..", "..", "..");
const NOTICE = /looks like you are running TensorFlow\.js in Node\.js/;

/** Runs `code` (CommonJS) in a child Node with the checkout as working directory; returns stdout + stderr. */
function node(code: string): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, ["-e", code], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

const cpuSum = `
  await tf.setBackend("cpu");
  const s = tf.tensor([1, 2, 3]).sum().dataSync()[0];
  console.log("sum", s, tf.getBackend());`;

test("plain tfjs prints the notice on its first CPU tensor (what is being silenced)", () => {
  const r = node(`const tf = require("@tensorflow/tfjs"); (async () => { ${cpuSum} })();`);
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, NOTICE);
});

test("with paperlab loaded the notice never shows and the CPU backend still computes", () => {
  const r = node(`const tf = require("@tensorflow/tfjs"); require("./dist/lib/core/backend"); (async () => { ${cpuSum} })();`);
  assert.equal(r.code, 0, r.output);
  assert.doesNotMatch(r.output, NOTICE);
  assert.match(r.output, /sum 6 cpu/);
});

test("silenceCpuBackendNotice is idempotent and leaves other tfjs warnings alone", () => {
  const r = node(`
    const { silenceCpuBackendNotice } = require("./dist/lib/core/backend/quiet-cpu");
    const tf = require("@tensorflow/tfjs");
    console.log("first", silenceCpuBackendNotice(), "again", silenceCpuBackendNotice());
    tf.backend_util.warn("another tfjs warning");
    (async () => { ${cpuSum} })();`);
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /first true again true/);
  assert.match(r.output, /another tfjs warning/);
  assert.doesNotMatch(r.output, NOTICE);
});

test("paperlab bench on the CPU backend prints no notice", () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "paperlab.js"), "bench", "--backends", "cpu", "--only", "matmul-512", "--budget-ms", "10", "--no-torch"], {
    cwd: ROOT, encoding: "utf8", timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /matmul-512/);
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, NOTICE);
});
