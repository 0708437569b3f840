/**
 * `paperlab reproduce` on the embedded transport with the fixture paper notebook (Debian's
 * ipykernel): executed notebook, figure files (SVG parses, PNG is 2× the SVG's size), the report,
 * and the exit codes (0 all hold, 5 a claim fails, 2 unknown paper).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { FIXTURES, pythonKernelEnv, runCli, skipUnless, tempDir } from "../client/support";
import { BYTES_PER_JOB, combineExitCodes, defaultJobs, listPapers, parseReproduceArgs, resolveServers } from "../../../kernel/commands/reproduce";
import { pngSize, svgSize } from "../../../lib/report";
import { runMessages } from "../../../kernel/client/messages";

const PAPERS = path.join(FIXTURES, "papers-python");
const skip = skipUnless("ipykernel", "python3-ipykernel");
const env = skip ? process.env : pythonKernelEnv();
const out = tempDir("paperlab-repro-");

test("arguments, paper listing and the combined exit code", () => {
  assert.deepEqual(parseReproduceArgs(["a", "b.ipynb", "--scale", "smoke"]).papers, ["a", "b"]);
  assert.throws(() => parseReproduceArgs(["--scale", "huge"]), /--scale must be one of smoke, default, full, got 'huge'/);
  assert.deepEqual(listPapers(PAPERS), ["toy-paper"]);
  assert.deepEqual(listPapers(path.join(FIXTURES, "papers-typescript")), ["toy-paper-ts"]);
  assert.deepEqual(listPapers(FIXTURES), [], "notebooks without a scale parameter are not papers");
  assert.deepEqual(listPapers(path.join(FIXTURES, "no-such-folder")), []);
  assert.equal(combineExitCodes([0, 5, 1]), 1);
  assert.equal(combineExitCodes([5, 0]), 5);
  assert.equal(combineExitCodes([4, 130]), 130);
  assert.equal(combineExitCodes([0, 0]), 0);
});

test("--jobs, --server (repeatable, ?token= kept with its URL), --servers and the token fallbacks", () => {
  assert.equal(parseReproduceArgs(["--jobs", "3"]).jobs, 3);
  assert.equal(parseReproduceArgs(["-j", "1"]).jobs, 1);
  for (const bad of ["0", "1.5", "two", "-2"]) assert.throws(() => parseReproduceArgs(["--jobs", bad]), new RegExp(`--jobs needs a whole number of notebooks at once \\(1 or more\\), got '${bad}'`));
  const a = parseReproduceArgs(["--server", "http://h1:8888/lab?token=own", "--server", "http://h2:8888", "--token", "flag", "--servers", "x.txt"]);
  assert.deepEqual(a.serverUrls, [
    { url: "http://h1:8888/", token: "own", source: "--server" },
    { url: "http://h2:8888/", token: undefined, source: "--server" },
  ]);
  assert.deepEqual(a.serverFiles, ["x.txt"]);
  const dir = tempDir("paperlab-servers-");
  const file = path.join(dir, "servers.txt");
  fs.writeFileSync(file, "http://h3:1/ filetoken\nhttp://h4:1/\n");
  const b = parseReproduceArgs(["--server", "http://h1:8888/?token=own", "--server", "http://h2:8888", "--servers", file]);
  assert.deepEqual(resolveServers(b, { PAPERLAB_SERVER_TOKEN: "env", JUPYTER_TOKEN: "jt" }).map((s) => [s.url, s.token, s.source]), [
    ["http://h1:8888/", "own", "--server"],
    ["http://h2:8888/", "env", "--server"],
    ["http://h3:1/", "filetoken", `${file}:1`],
    ["http://h4:1/", "env", `${file}:2`],
  ]);
  assert.deepEqual(resolveServers({ ...b, token: "flag" }, { PAPERLAB_SERVER_TOKEN: "env" }).map((s) => s.token), ["own", "flag", "filetoken", "flag"], "--token before the environment");
  assert.deepEqual(resolveServers(b, { JUPYTER_TOKEN: "jt" }).map((s) => s.token), ["own", "jt", "filetoken", "jt"]);
});

test("default --jobs: one per core, at most one per 1.5 GB of free memory, at least one", () => {
  assert.equal(defaultJobs(8, 100 * BYTES_PER_JOB), 8);
  assert.equal(defaultJobs(8, 3.2 * BYTES_PER_JOB), 3);
  assert.equal(defaultJobs(2, 0.5 * BYTES_PER_JOB), 1);
});

test("a bad servers file line exits 2 naming file:line; --token without a server is a usage error", async () => {
  const dir = tempDir("paperlab-servers-");
  const file = path.join(dir, "servers.txt");
  fs.writeFileSync(file, "# lab\nhttp://127.0.0.1:1/ tok extra\n");
  const r = await runCli(["reproduce", "--notebooks", PAPERS, "--servers", file, "--out", path.join(dir, "o")]);
  assert.equal(r.code, 2);
  assert.ok(r.stderr.includes(runMessages.serversLine(`${file}:2`, "expected URL [TOKEN], got 3 fields")), r.stderr);
  const t = await runCli(["reproduce", "--notebooks", PAPERS, "--token", "x", "--out", path.join(dir, "o")]);
  assert.equal(t.code, 2);
  assert.match(t.stderr, /--token only makes sense with --server URL or --servers FILE/);
});

describe("paperlab reproduce (embedded, ipykernel)", { skip, concurrency: 2 }, () => {
  test("smoke: every claim holds → exit 0, figures and report written", async () => {
    const dir = path.join(out, "smoke");
    const r = await runCli(["reproduce", "toy-paper", "--notebooks", PAPERS, "--scale", "smoke", "--out", dir], { env });
    assert.equal(r.code, 0, r.stderr);
    const nb = JSON.parse(fs.readFileSync(path.join(dir, "notebooks", "toy-paper.ipynb"), "utf8"));
    assert.equal(nb.metadata.paperlab.run.scale, "smoke");
    assert.match(nb.cells[2].source.join?.("") ?? nb.cells[2].source, /scale = "smoke"/);
    const figs = path.join(dir, "figures", "toy-paper");
    assert.deepEqual(fs.readdirSync(figs).sort(), ["fig1-line.png", "fig1-line.svg", "fig1-line.vl.json", "fig2-bars.png", "fig2-bars.svg", "fig2-bars.vl.json"]);
    for (const name of ["fig1-line", "fig2-bars"]) {
      const svg = fs.readFileSync(path.join(figs, `${name}.svg`), "utf8");
      const { Resvg } = require("@resvg/resvg-js");
      const parsed = new Resvg(svg); // throws on malformed SVG
      const size = svgSize(svg);
      assert.deepEqual([parsed.width, parsed.height], [size.width, size.height]);
      assert.deepEqual(pngSize(fs.readFileSync(path.join(figs, `${name}.png`))), { width: 2 * size.width, height: 2 * size.height }, `${name}.png is 2× the SVG`);
      assert.equal(JSON.parse(fs.readFileSync(path.join(figs, `${name}.vl.json`), "utf8")).$schema, "https://vega.github.io/schema/vega-lite/v5.json");
    }
    assert.deepEqual(svgSize(fs.readFileSync(path.join(figs, "fig1-line.svg"), "utf8")), { width: 240, height: 130 }, "the bundle's own SVG is used as is");
    const report = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8"));
    assert.equal(report.ok, true);
    assert.deepEqual(report.summary, { papers: 1, notebooksFailed: 0, claims: 1, holds: 1, doesNotHold: 0, notMeasured: 0 });
    const p = report.papers[0];
    assert.equal(p.notebook, "notebooks/toy-paper.ipynb");
    assert.equal(p.claims[0].provenance.seed, 7);
    assert.deepEqual(p.figures.map((f: { svg: string }) => f.svg), ["figures/toy-paper/fig1-line.svg", "figures/toy-paper/fig2-bars.svg"]);
    const md = fs.readFileSync(path.join(dir, "report.md"), "utf8");
    assert.match(md, /\| ✓ holds \| `toy-acc` \| The toy model reaches 0\.91 accuracy \| 0\.91 accuracy \| 0\.91 ± 0\.05 accuracy \| 0\.9 accuracy \|/);
    assert.match(md, /seed: 7; backend: python/);
    // report.html is self-contained: the figure's SVG inline (its file's content), with a link to the file
    const html = fs.readFileSync(path.join(dir, "report.html"), "utf8");
    const svg = fs.readFileSync(path.join(dir, "figures/toy-paper/fig2-bars.svg"), "utf8").replace(/^\s*<\?xml[^>]*\?>\s*/, "");
    assert.ok(html.includes(`<figure>${svg}<figcaption>`), "fig2's SVG inline");
    assert.match(html, /<a href="figures\/toy-paper\/fig2-bars\.svg">svg<\/a>/);
    // the notebook's closing section, with what its code cell displayed as Markdown at this run's scale
    assert.equal(p.scaleNotes, "The toy model stands in for a paper.\n\n- **Can**: run end to end at `smoke`.");
    assert.match(md, /### What this scale can and cannot show\n\nThe toy model stands in for a paper\./);
    assert.match(html, /<div class="scale-notes"><h3>What this scale can and cannot show<\/h3>\n<p>The toy model stands in for a paper\.<\/p>\n<ul><li><b>Can<\/b>: run end to end at <code>smoke<\/code>\.<\/li><\/ul><\/div>/);
  });

  test("default: a claim that does not hold → exit 5 and the report says so", async () => {
    const dir = path.join(out, "default");
    const r = await runCli(["reproduce", "--notebooks", PAPERS, "--out", dir], { env });
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /1 claims: 0 hold, 1 do not hold/);
    const report = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8"));
    assert.equal(report.ok, false);
    assert.equal(report.papers[0].claims[0].verdict, "does not hold");
    assert.equal(report.scale, "default");
  });

  test("an unknown paper → exit 2 listing the known ones", async () => {
    const r = await runCli(["reproduce", "toy-papr", "--notebooks", PAPERS, "--out", path.join(out, "x")], { env });
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(runMessages.unknownPapers(["toy-papr"], ["toy-paper"])), r.stderr);
  });
});
