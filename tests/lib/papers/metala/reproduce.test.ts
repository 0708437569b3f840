/**
 * `paperlab reproduce metala --scale smoke`: the notebook runs end to end on the paperlab kernel, and the report
 * lists each claim of the card with a verdict and the seven named figures. At smoke scale (a few steps of tiny models)
 * softmax attention is far below its regime, so the MQAR comparisons report "not measured" (their guards fail) and
 * the exit code may be 0 (all hold) or 5 (some do not); a failed run is 4/1.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { runCli, tempDir } from "../../../kernel/client/support";

const CLAIM_IDS = [
  "fig3-softmax-solves", "fig3-metala-ge-gla", "fig3-gla-gt-retnet", "fig3-retnet-ge-linear", "tab2-c2-fit", "tab2-c2-stall", "c2-fixed-decay-distance",
  "c2-dynamic-reaches-distant", "c1-forgetting-updated", "c1-forgetting-kept", "tab8-key-redundant", "tab8-noconv-hurts", "tab8-noaug-small",
  "figA2-metala-flat", "figA2-softmax-grows",
];
/** Claims without a baseline: always decided. The others carry regime guards and may be "not measured" at smoke. */
const UNGUARDED = ["fig3-softmax-solves", "tab2-c2-fit", "tab2-c2-stall", "c2-fixed-decay-distance", "c2-dynamic-reaches-distant"];
const FIGURES = ["c1_forgetting", "c2_fixed_decay", "fig3_mqar_acc_vs_dim", "figA2_efficiency", "learning_curves", "tab2_static_approx", "tab8_ablation"];

test("paperlab reproduce metala --scale smoke: runs, every claim gets a verdict, figures written", async (t) => {
  const dir = path.join(tempDir("paperlab-metala-"), "out");
  const r = await runCli(["reproduce", "metala", "--scale", "smoke", "--out", dir], { timeoutMs: 300_000 });
  if (r.code === 4 && /did not answer kernel_info|cannot start kernel/.test(r.stderr) && !/during cell/.test(r.stderr)) {
    t.skip(`the paperlab kernel cannot start in this checkout: ${r.stderr.trim().split("\n").slice(-2).join(" / ")}`);
    return;
  }
  assert.ok(r.code === 0 || r.code === 5, `exit ${r.code}: ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8"));
  assert.equal(report.summary.notebooksFailed, 0);
  const p = report.papers.find((x: { paper?: string; notebook: string }) => /metala/.test(x.notebook));
  assert.ok(p, "the metala paper is in the report");
  const claims = p.claims as { id: string; verdict: string; reason: string; scale: string; guards?: { ok: boolean }[]; provenance: { seed: number; backend: string } }[];
  assert.deepEqual(claims.map((c) => c.id).sort(), [...CLAIM_IDS].sort());
  for (const c of claims) {
    if (UNGUARDED.includes(c.id)) assert.ok(c.verdict === "holds" || c.verdict === "does not hold", `${c.id}: verdict ${c.verdict} (a claim without a baseline is always measured)`);
    else {
      assert.ok(c.guards && c.guards.length > 0, `${c.id} declares its regime guards`);
      const blocked = c.guards.some((g) => !g.ok);
      assert.equal(c.verdict === "not measured", blocked, `${c.id}: "not measured" exactly when a guard fails (${c.verdict}: ${c.reason})`);
    }
    assert.equal(c.scale, "smoke");
    assert.equal(c.provenance.seed, 0);
    assert.ok(c.provenance.backend);
  }
  for (const id of ["tab2-c2-stall"]) assert.equal(claims.find((c) => c.id === id)!.verdict, "holds", `${id} holds even at smoke scale`);
  const figs = fs.readdirSync(path.join(dir, "figures", "metala")).filter((f) => f.endsWith(".svg")).map((f) => f.replace(/\.svg$/, "")).sort();
  assert.deepEqual(figs, FIGURES);
  assert.match(fs.readFileSync(path.join(dir, "report.md"), "utf8"), /`fig3-metala-ge-gla`/);
});
