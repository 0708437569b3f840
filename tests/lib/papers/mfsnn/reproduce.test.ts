/**
 * `paperlab reproduce mfsnn --scale smoke` end to end on the TypeScript kernel: the notebook runs on the simulators,
 * the seven figures of the card are written, and every claim of the card gets a verdict. Nothing is in regime at
 * smoke scale (the best GRU is far below 0.7 within day), so every guarded claim reports "not measured" and the exit
 * code is 0 or 5, never a failure.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { runCli, tempDir } from "../../../kernel/client/support";

const CLAIM_IDS = [
  "within-center-out-mfsnn-ge-gru", "within-center-out-gru-gt-mlp", "within-grasp-mfsnn-ge-gru", "within-grasp-gru-gt-mlp",
  "msgl-m-gt-q", "msgl-q-gt-s", "msgl-m-gt-sm", "msgl-m-gt-p", "msgl-gap-grows", "msgl-mfsnn-degrades-least",
  "fusion-full-gt-single", "fusion-full-gt-noskip", "attention-softens-drop", "energy-mfsnn-lt-baselines", "ops-mfsnn-lt-baselines",
  "drift-monotone", "drift-mfsnn-m-least",
];
const FIGURES = ["ablation_fusion", "acc_within_day", "cross_day_decay", "drift_severity", "energy_vs_accuracy", "msgl_protocols", "sim_tuning_check"];

test("paperlab reproduce mfsnn --scale smoke: runs, writes the seven figures and a verdict for every claim", { timeout: 10 * 60_000 }, async (t) => {
  const out = path.join(tempDir("paperlab-mfsnn-"), "out");
  const r = await runCli(["reproduce", "mfsnn", "--scale", "smoke", "--out", out], { timeoutMs: 10 * 60_000 });
  if (r.code === 4 && /did not answer kernel_info|cannot start kernel/.test(r.stderr) && !/during cell/.test(r.stderr)) {
    t.skip(`the paperlab kernel cannot start in this checkout: ${r.stderr.trim().split("\n").slice(-2).join(" / ")}`);
    return;
  }
  assert.ok(r.code === 0 || r.code === 5, `exit ${r.code} (0: all hold, 5: some do not hold)\n${r.stderr.slice(-3000)}`);
  const report = JSON.parse(fs.readFileSync(path.join(out, "report.json"), "utf8"));
  assert.equal(report.summary.notebooksFailed, 0);
  const paper = report.papers.find((x: { notebook: string }) => /mfsnn/.test(x.notebook));
  assert.ok(paper, "the mfsnn paper is in the report");
  const claims = paper.claims as { id: string; verdict: string; scale: string; ours: number | null; provenance: { seed: number; backend: string } }[];
  assert.deepEqual(claims.map((c) => c.id).sort(), [...CLAIM_IDS].sort());
  for (const c of claims) {
    assert.ok(["holds", "does not hold", "not measured"].includes(c.verdict), `${c.id}: ${c.verdict}`);
    assert.equal(c.scale, "smoke");
    assert.equal(c.provenance.seed, 0);
    assert.ok(c.provenance.backend);
    assert.ok(typeof c.ours === "number" && Number.isFinite(c.ours), `${c.id}: every claim is computed at smoke scale (ours ${c.ours})`);
  }
  const figs = fs.readdirSync(path.join(out, "figures", "mfsnn")).filter((f) => f.endsWith(".svg")).map((f) => f.replace(/\.svg$/, "")).sort();
  assert.deepEqual(figs, FIGURES);
  const md = fs.readFileSync(path.join(out, "report.md"), "utf8");
  for (const id of CLAIM_IDS) assert.match(md, new RegExp("`" + id + "`"));
  // the per-run lines ("center-out seed 0 gru …: within-day …") are in one collapsed run log, not in the cells' streams
  type Output = { output_type: string; text?: string | string[]; data?: Record<string, string | string[]> };
  const nb = JSON.parse(fs.readFileSync(path.join(out, "notebooks", "mfsnn.ipynb"), "utf8")) as { cells: { outputs?: Output[] }[] };
  const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
  const joined = (x: string | string[] | undefined) => (Array.isArray(x) ? x.join("") : (x ?? ""));
  const streams = outputs.filter((o) => o.output_type === "stream").map((o) => joined(o.text)).join("");
  assert.doesNotMatch(streams, /seed \d+ .*within-day/, "per-run log lines are printed into a cell");
  const logs = outputs.map((o) => joined(o.data?.["text/html"])).filter((h) => h.startsWith("<details><summary>training log"));
  assert.equal(logs.length, 1, "one collapsed training log");
  assert.match(logs[0], /seed 0 .*within-day/);
});
