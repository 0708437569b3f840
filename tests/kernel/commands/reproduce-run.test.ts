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
import { pythonKernelEnv, runCli, skipUnless, SYSTEM_PYTHON, tempDir } from "../client/support";
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
      assert.match(r.stderr, new RegExp(`^paperlab reproduce: 2 papers to run, ${jobs} at a time, on local kernels$`, "m"));
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

  test("--resume reuses unchanged results without starting a kernel; a changed parameter reruns only its paper; --force reruns all", async () => {
    // A python3 kernelspec that counts its launches in a file before it becomes ipykernel.
    const jp = tempDir("paperlab-counted-");
    const launches = path.join(jp, "launches.txt");
    fs.mkdirSync(path.join(jp, "kernels", "python3"), { recursive: true });
    const argv = ["/bin/sh", "-c", `echo launch >> '${launches}'; exec ${SYSTEM_PYTHON} -Xfrozen_modules=off -m ipykernel_launcher -f "$0"`, "{connection_file}"];
    fs.writeFileSync(path.join(jp, "kernels", "python3", "kernel.json"), JSON.stringify({ argv, display_name: "Python 3 (counted)", language: "python" }));
    const counted = { ...env, JUPYTER_PATH: jp };
    const count = () => (fs.existsSync(launches) ? fs.readFileSync(launches, "utf8").trim().split("\n").length : 0);
    const nbs = path.join(dir, "resume");
    writePaper(nbs, "alpha", { extra: { extra: "1" } });
    writePaper(nbs, "beta");
    const out = path.join(dir, "out-resume");
    const run = (...more: string[]) => runCli(["reproduce", "--notebooks", nbs, "--scale", "smoke", "--out", out, "--jobs", "2", ...more], { env: counted, timeoutMs: 180000 });
    const cached = (report: { papers: Array<{ paper: string; run: { cached: boolean } }> }) => Object.fromEntries(report.papers.map((p) => [p.paper, p.run.cached]));

    let r = await run("--resume");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(count(), 2, "nothing stored yet: both ran");
    const first = read(path.join(out, "report.json"));
    assert.deepEqual(cached(first), { alpha: false, beta: false });
    assert.match(first.papers[0].run.key, /^[0-9a-f]{64}$/);
    const stored = read(path.join(out, "results", "alpha.json"));
    assert.equal(stored.parts.scale, "smoke");
    assert.deepEqual(stored.parts.parameters, { scale: "smoke" });
    const nbBefore = fs.readFileSync(path.join(out, "notebooks", "beta.ipynb"), "utf8");

    r = await run("--resume");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(count(), 2, "no kernel was started");
    assert.doesNotMatch(r.stderr, /starting kernel|\[1\/\d\]/, "no cell ran");
    assert.match(r.stderr, /^alpha cached: all 4 code cells ran; 1 claims, 1 hold/m);
    assert.match(r.stderr, /0 ran \(0 retried\), 2 cached/);
    const second = read(path.join(out, "report.json"));
    assert.deepEqual(cached(second), { alpha: true, beta: true });
    assert.deepEqual(second.totals.ran, 0);
    assert.deepEqual(comparable(second), comparable(first), "the cached report says what the run said");
    assert.equal(fs.readFileSync(path.join(out, "notebooks", "beta.ipynb"), "utf8"), nbBefore, "the executed notebook was left alone");

    // Only alpha declares `extra`: changing it reruns alpha alone, with the new value.
    r = await run("--resume", "-p", "extra", "2");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(count(), 3);
    const third = read(path.join(out, "report.json"));
    assert.deepEqual(cached(third), { alpha: false, beta: true });
    assert.notEqual(third.papers[0].claims[0].ours, first.papers[0].claims[0].ours, "alpha computed with extra = 2");
    assert.deepEqual(read(path.join(out, "results", "alpha.json")).parts.parameters, { scale: "smoke", extra: 2 });

    // A changed seed is a changed key for both.
    r = await run("--resume", "-p", "extra", "2", "--seed", "3");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(count(), 5);
    assert.equal(read(path.join(out, "results", "beta.json")).parts.seed, 3);

    r = await run("--resume", "--force", "-p", "extra", "2", "--seed", "3");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(count(), 7, "--force ran both again");
    assert.deepEqual(cached(read(path.join(out, "report.json"))), { alpha: false, beta: false });

    const bad = await run("--resume", "-p", "nope", "1");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no paper here declares 'nope' in its parameters cell; they declare scale, seed, extra/);
  });
});
