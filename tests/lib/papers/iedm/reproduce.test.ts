/**
 * `paperlab reproduce iedm-gnss --scale smoke` end to end on the project's kernel: the notebook runs, every named
 * figure is written, and the report lists each of the twelve claims (C1–C5) with a verdict. At smoke scale some
 * claims honestly do not hold, so the exit code is 0 or 5 (never a failure of the run), as the rules ask.
 */
import { test, TestContext } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { CliResult, ROOT, runCli, tempDir } from "../../../kernel/client/support";

function kernelMissing(t: TestContext, r: CliResult): boolean {
  if (r.code === 4 && /did not answer kernel_info|cannot start kernel|exited \(code/.test(r.stderr) && !/during cell/.test(r.stderr)) {
    t.skip(`the paperlab kernel cannot start in this checkout: ${r.stderr.trim().split("\n").slice(-3).join(" / ")}`);
    return true;
  }
  return false;
}

test("reproduce iedm-gnss --scale smoke: runs, writes the figures, reports every claim with a verdict", async (t) => {
  const dir = path.join(tempDir("paperlab-iedm-"), "smoke");
  const r = await runCli(["reproduce", "iedm-gnss", "--notebooks", path.join(ROOT, "notebooks"), "--scale", "smoke", "--out", dir], { timeoutMs: 300000 });
  if (kernelMissing(t, r)) return;
  assert.ok(r.code === 0 || r.code === 5, `exit ${r.code}: ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8"));
  const p = report.papers[0];
  assert.equal(p.notebook, "notebooks/iedm-gnss.ipynb");
  const ids = p.claims.map((c: { id: string }) => c.id);
  for (const k of ["C1", "C2", "C3", "C4", "C5"]) assert.ok(ids.some((id: string) => id.startsWith(`${k}-`)), `${k} missing from ${ids}`);
  assert.equal(ids.length, 12);
  for (const c of p.claims) {
    assert.ok(["holds", "does not hold", "not measured"].includes(c.verdict), `${c.id}: ${c.verdict}`);
    assert.equal(c.scale, "smoke");
    assert.equal(c.provenance.seed, 1);
  }
  const figs = fs.readdirSync(path.join(dir, "figures", "iedm-gnss"));
  for (const name of ["g1-drive-sky", "g3-error-series", "g4-rmse", "g5-roc", "ablations", "c3-grade-outage"]) assert.ok(figs.includes(`${name}.svg`), `${name}.svg missing`);
  const md = fs.readFileSync(path.join(dir, "report.md"), "utf8");
  assert.match(md, /C2-gain-over-redm/);
  // directional claims carry their bootstrap interval over drives; the notebook interprets the claims that fail
  const c1 = p.claims.find((c: { id: string }) => c.id === "C1-innovation-beats-residual");
  if (c1.verdict !== "not measured") assert.ok(c1.interval && c1.interval.lo <= c1.interval.hi && /bootstrap over 2 drives/.test(c1.interval.method), JSON.stringify(c1));
  const nb = JSON.parse(fs.readFileSync(path.join(dir, "notebooks", "iedm-gnss.ipynb"), "utf8")) as { cells: { outputs?: unknown[] }[] };
  const markdownOut = JSON.stringify(nb.cells.map((c) => c.outputs ?? []));
  assert.match(markdownOut, /Claims that hold at `smoke`/);
  assert.match(markdownOut, /What this scale|Measured here/);
});
