/**
 * `paperlab reproduce` at scale on local kernels (Debian's ipykernel, small generated paper notebooks):
 * `--jobs 2` and `--jobs 1` write the same report (claims, figures, statuses), each paper records where it
 * ran and what it cost, and a Ctrl-C keeps every finished paper in the report and the partial notebook on disk.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pythonKernelEnv, runCli, skipUnless, tempDir } from "../client/support";
import { comparable, writePaper } from "./papers";

const skip = skipUnless("ipykernel", "python3-ipykernel");
const env = skip ? process.env : pythonKernelEnv();
const dir = tempDir("paperlab-repro-jobs-");
const read = (f: string) => JSON.parse(fs.readFileSync(f, "utf8"));

describe("paperlab reproduce --jobs (embedded, ipykernel)", { skip }, () => {
  test("--jobs 2 and --jobs 1 give the same report; each paper says where it ran", async () => {
    const nbs = path.join(dir, "two");
    // The first paper is slower, so with two jobs the second finishes first: the report still lists them by id.
    writePaper(nbs, "alpha", { sleepS: 2 });
    writePaper(nbs, "beta");
    const reports = [];
    for (const jobs of ["2", "1"]) {
      const out = path.join(dir, `out-${jobs}`);
      const r = await runCli(["reproduce", "--notebooks", nbs, "--scale", "smoke", "--out", out, "--jobs", jobs], { env, timeoutMs: 180000 });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`^paperlab reproduce: 2 papers, ${jobs} at a time, on local kernels$`, "m"));
      assert.match(r.stderr, /^alpha ok: all 5 code cells ran; 1 claims, 1 hold; 1 figures$/m, "progress lines carry the paper's id");
      assert.match(r.stderr, /^beta \[4\/4\] /m);
      assert.match(r.stderr, /2 ran \(0 retried\), 0 cached; .* s wall, .* s kernel CPU, (1|2) at a time/);
      const report = read(path.join(out, "report.json"));
      assert.deepEqual(report.papers.map((p: { paper: string }) => p.paper), ["alpha", "beta"]);
      assert.equal(report.totals.jobs, Number(jobs));
      assert.equal(report.totals.ran, 2);
      for (const p of report.papers) {
        assert.equal(p.run.transport, "local");
        assert.equal(p.run.host, os.hostname());
        assert.match(p.run.kernelId, /^[0-9a-f-]{36}$/);
        assert.equal(p.run.kernel, "python3");
        assert.equal(p.run.backend, "python");
        assert.ok(p.run.cpuTimeS > 0, `the kernel reported its CPU time: ${p.run.cpuTimeS}`);
        assert.deepEqual(p.run.retries, []);
        assert.equal(p.run.cached, false);
      }
      assert.notEqual(report.papers[0].claims[0].ours, report.papers[1].claims[0].ours, "the papers computed different values");
      reports.push(report);
    }
    assert.deepEqual(comparable(reports[0]), comparable(reports[1]));
    if (os.availableParallelism() > 1) {
      // Two jobs on two cores: the slow paper overlapped the other (no speed is asserted, only the overlap).
      const [a, b] = reports[0].papers.map((p: { wallTimeS: number }) => p.wallTimeS);
      assert.ok(reports[0].totals.wallTimeS < a + b, `ran at once: ${reports[0].totals.wallTimeS} s in all for ${a} + ${b} s`);
    }
  });

  test("Ctrl-C: the finished paper stays in the report, the interrupted one's partial notebook on disk, exit 130", async () => {
    const nbs = path.join(dir, "ctrl-c");
    writePaper(nbs, "quick");
    writePaper(nbs, "slow", { sleepS: 300 });
    writePaper(nbs, "unstarted");
    const out = path.join(dir, "out-ctrl-c");
    const r = await runCli(["reproduce", "--notebooks", nbs, "--out", out, "--jobs", "2"], { env, interruptWhen: /^quick ok: /m, timeoutMs: 180000 });
    assert.equal(r.code, 130, r.stderr);
    const report = read(path.join(out, "report.json"));
    const byName = Object.fromEntries(report.papers.map((p: { paper: string }) => [p.paper, p]));
    assert.equal(byName.quick.status, "ok");
    assert.equal(byName.quick.claims.length, 1);
    assert.ok(fs.existsSync(path.join(out, "figures", "quick", "fig-line.svg")));
    // "unstarted" may have taken quick's place before the signal came: then it was interrupted too, never lost.
    if (byName.unstarted) assert.equal(byName.unstarted.status, "interrupted");
    assert.equal(byName.slow.status, "interrupted");
    assert.equal(byName.slow.notebook, "notebooks/slow.ipynb");
    const slow = read(path.join(out, "notebooks", "slow.ipynb"));
    assert.equal(slow.metadata.paperlab.run.status, "interrupted");
    assert.ok(slow.cells.some((c: { metadata: { paperlab?: { status?: string } } }) => c.metadata.paperlab?.status === "interrupted"), "the sleeping cell is marked interrupted");
    assert.deepEqual(report.papers.map((p: { paper: string }) => p.paper), Object.keys(byName).sort(), "in id order");
  });
});
