/**
 * The part every paper's smoke reproduce test shares: run `paperlab reproduce <id> --scale smoke` on the embedded
 * kernel, skip when the kernel cannot start in this checkout, and check what holds for every paper — exit 0 (all hold)
 * or 5 (some do not), no notebook failed, exactly the paper's claim ids, each with a verdict at smoke scale.
 * Each test then checks its own paper's specifics on the returned claims, figures and output folder.
 */
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { runCli, tempDir } from "../../kernel/client/support";

export interface SmokeClaim {
  id: string;
  verdict: string;
  reason?: string;
  scale: string;
  guards?: { ok: boolean }[];
  provenance: { seed: number; backend: string };
}

export interface SmokeRun {
  /** The --out folder (report.{json,md,html}, figures/<id>/, notebooks/). */
  dir: string;
  code: number;
  claims: SmokeClaim[];
  /** Names of the SVG figures written for the paper, sorted. */
  figures: string[];
}

/** Runs the paper at smoke scale and checks the shared contract; undefined when the test was skipped. */
export async function reproduceSmoke(t: TestContext, id: string, claimIds: readonly string[], opts: { timeoutMs?: number } = {}): Promise<SmokeRun | undefined> {
  const dir = path.join(tempDir(`paperlab-${id}-`), "out");
  const r = await runCli(["reproduce", id, "--scale", "smoke", "--out", dir], { timeoutMs: opts.timeoutMs ?? 300_000 });
  if (r.code === 4 && /did not answer kernel_info|cannot start kernel/.test(r.stderr) && !/during cell/.test(r.stderr)) {
    t.skip(`the paperlab kernel cannot start in this checkout: ${r.stderr.trim().split("\n").slice(-2).join(" / ")}`);
    return undefined;
  }
  assert.ok(r.code === 0 || r.code === 5, `exit ${r.code}: ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8"));
  assert.equal(report.summary.notebooksFailed, 0);
  const paper = report.papers.find((x: { notebook: string }) => new RegExp(id).test(x.notebook));
  assert.ok(paper, `the ${id} paper is in the report`);
  const claims = paper.claims as SmokeClaim[];
  assert.deepEqual(claims.map((c) => c.id).sort(), [...claimIds].sort());
  for (const c of claims) {
    assert.ok(["holds", "does not hold", "not measured"].includes(c.verdict), `${c.id}: verdict ${c.verdict}`);
    assert.equal(c.scale, "smoke");
  }
  const figDir = path.join(dir, "figures", id);
  const figures = fs.existsSync(figDir) ? fs.readdirSync(figDir).filter((f) => f.endsWith(".svg")).map((f) => f.replace(/\.svg$/, "")).sort() : [];
  return { dir, code: r.code, claims, figures };
}
