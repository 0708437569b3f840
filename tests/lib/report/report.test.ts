import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { claimsBundle, evaluateClaim } from "../../../lib/claims";
import { buildReport, extractClaims, extractFigures, extractScaleNotes, markdownHtml, NotebookLike, PaperRun, placementLine, pngSize, reportHtml, reportMarkdown, svgSize, totalsLine, writeFigures, writeReport } from "../../../lib/report";

const claimA = evaluateClaim({ id: "a", paper: "p", statement: "A", paperValue: 1, ours: 1.01, compare: { kind: "tolerance", tol: 0.1 } });
const claimA2 = { ...claimA, ours: 2, holds: false, verdict: "does not hold" as const };
const spec = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", width: 60, height: 40, data: { values: [{ x: 1, y: 2 }] }, mark: "point", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } };

function notebook(): NotebookLike {
  return {
    metadata: {},
    cells: [
      { cell_type: "markdown" },
      {
        cell_type: "code",
        outputs: [
          { output_type: "display_data", data: claimsBundle([claimA]).data, metadata: {} },
          { output_type: "stream" },
          { output_type: "display_data", data: { "application/vnd.vegalite.v5+json": spec, "text/plain": "chart" }, metadata: { paperlab: { figure: "fig-a" } } },
          { output_type: "display_data", data: { "application/vnd.vegalite.v5+json": spec }, metadata: {} },
        ],
      },
      { cell_type: "code", outputs: [{ output_type: "execute_result", data: claimsBundle([claimA2]).data, metadata: {} }] },
    ],
  };
}

test("claims are read back from outputs; a claim shown again keeps its last state", () => {
  const claims = extractClaims(notebook());
  assert.equal(claims.length, 1);
  assert.equal(claims[0].verdict, "does not hold");
});

test("only Vega-Lite outputs that name a figure are figures; bad names are refused", () => {
  const figs = extractFigures(notebook());
  assert.deepEqual(figs.map((f) => f.name), ["fig-a"]);
  const bad = notebook();
  bad.cells[1].outputs![2].metadata = { paperlab: { figure: "../escape" } };
  assert.throws(() => extractFigures(bad), /cannot be a file name/);
});

test("a figure without SVG in its bundle is rendered by lib/viz: valid SVG, PNG at 2×", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-fig-"));
  try {
    const [f] = await writeFigures(extractFigures(notebook()), path.join(dir, "figures", "p"), { relativeTo: dir });
    assert.equal(f.problem, undefined);
    assert.deepEqual([f.vlJson, f.svg, f.png], ["figures/p/fig-a.vl.json", "figures/p/fig-a.svg", "figures/p/fig-a.png"]);
    const svg = fs.readFileSync(path.join(dir, f.svg!), "utf8");
    const s = svgSize(svg);
    assert.ok(s.width >= 60 && s.height >= 40, `SVG ${s.width}×${s.height} holds the 60×40 plot`);
    assert.deepEqual(pngSize(fs.readFileSync(path.join(dir, f.png!))), { width: 2 * s.width, height: 2 * s.height });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("pngSize and svgSize refuse what they cannot read", () => {
  assert.throws(() => pngSize(Buffer.from("not a png at all, really not")), /not a PNG/);
  assert.throws(() => svgSize("<html></html>"), /no <svg>/);
  assert.deepEqual(svgSize('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="20.5"></svg>'), { width: 10, height: 20.5 });
});

test("the report: summary, ok flag, Markdown table and files", () => {
  const papers = [
    { paper: "p", notebook: "notebooks/p.ipynb", status: "ok", exitCode: 0, message: "all ran", wallTimeS: 1.5, claims: [claimA], figures: [] },
    { paper: "q", notebook: null, status: "bad-input", exitCode: 2, message: "no scale parameter", wallTimeS: 0, claims: [], figures: [] },
  ];
  const r = buildReport(papers, { scale: "smoke", transport: "embedded" });
  assert.deepEqual(r.summary, { papers: 2, notebooksFailed: 1, claims: 1, holds: 1, doesNotHold: 0, notMeasured: 0 });
  assert.equal(r.ok, false);
  const md = reportMarkdown(r);
  assert.match(md, /## p\n/);
  assert.match(md, /\| verdict \| claim \| statement \| paper \| threshold \| ours \| check \| scale \| note \|/);
  assert.match(md, /\| ✓ holds \| `a` \| A \| 1 \| 1 ± 0\.1 \| 1\.01 \|/);
  assert.match(md, /_No claims were reported\._/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-rep-"));
  try {
    const files = writeReport(r, dir);
    assert.deepEqual(JSON.parse(fs.readFileSync(files.json, "utf8")).summary, r.summary);
    assert.match(fs.readFileSync(files.html, "utf8"), /^<!doctype html>/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("report.html is self-contained: each figure's SVG inline (a PNG without SVG as a data URI), report.md keeps links", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-rep-"));
  try {
    fs.mkdirSync(path.join(dir, "figures"));
    fs.writeFileSync(path.join(dir, "figures", "f1.svg"), '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect id="f1-mark" width="5" height="5"/></svg>');
    fs.writeFileSync(path.join(dir, "figures", "f2.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const figures = [
      { name: "f1", vlJson: "figures/f1.vl.json", svg: "figures/f1.svg", png: null },
      { name: "f2", vlJson: "figures/f2.vl.json", svg: null, png: "figures/f2.png" },
      { name: "f3", vlJson: "figures/f3.vl.json", svg: "figures/missing.svg", png: null },
    ];
    const r = buildReport([{ paper: "p", notebook: null, status: "ok", exitCode: 0, message: "ran", wallTimeS: 1, claims: [claimA], figures }], { scale: "default", transport: "embedded" });
    const files = writeReport(r, dir);
    const html = fs.readFileSync(files.html, "utf8");
    assert.match(html, /<figure><svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*><rect id="f1-mark"/, "the SVG itself, inline");
    assert.doesNotMatch(html, /<\?xml/, "no XML prolog inside the page");
    assert.match(html, /<img src="data:image\/png;base64,iVBORw==" alt="f2">/);
    assert.match(html, /<img src="figures\/missing\.svg" alt="f3">/, "a file that is not there stays a reference");
    assert.doesNotMatch(reportHtml(r), /f1-mark/, "without the folder, figures are referenced");
    assert.match(fs.readFileSync(files.md, "utf8"), /\[svg\]\(figures\/f1\.svg\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("report.md: the paper's number and the threshold in separate columns, the note kept, units never doubled", () => {
  const card = evaluateClaim({ id: "speedup", paper: "p", statement: "3× faster", paperValue: 4.5, ours: 1.2, unit: "×", compare: { kind: "atLeast", value: 3 }, note: "median step | shared CPU", scale: "default" });
  const words = evaluateClaim({ id: "mae", paper: "p", statement: "pretraining helps", paperValue: "1–5 points", ours: -5, unit: "points", compare: { kind: "direction", expect: "greater" }, scale: "default" });
  const r = buildReport([{ paper: "p", notebook: null, status: "ok", exitCode: 0, message: "ran", wallTimeS: 1, claims: [card, words], figures: [] }], { scale: "default", transport: "embedded" });
  const md = reportMarkdown(r);
  assert.match(md, /\| ✗ does not hold \| `speedup` \| 3× faster \| 4\.5 × \| ≥ 3 × \| 1\.2 × \| 1\.2 < 3 \| default \| median step \\\| shared CPU \|/);
  assert.match(md, /\| `mae` \| pretraining helps \| 1–5 points \| > 0 points \| -5 points \|/);
  assert.doesNotMatch(md, /points points/);
  assert.doesNotMatch(md, /not evidence/, "no smoke caveat at default scale");
});

test("at smoke scale the headline says the verdicts are not evidence (markdown and HTML)", () => {
  const smoke = evaluateClaim({ id: "a", paper: "p", statement: "A", paperValue: 1, ours: 1, compare: { kind: "atLeast" }, scale: "smoke" });
  const r = buildReport([{ paper: "p", notebook: null, status: "ok", exitCode: 0, message: "ran", wallTimeS: 1, claims: [smoke], figures: [] }], { scale: "smoke", transport: "embedded" });
  assert.equal(r.ok, true);
  const md = reportMarkdown(r);
  const head = md.split("\n## ")[0];
  assert.match(head, /\*\*All claims hold\.\*\*/);
  assert.match(head, /> \*\*Smoke scale: .*not evidence for or against any claim/);
  assert.match(reportHtml(r), /<p class="caveat"><b>Smoke scale: [^<]*not evidence/);
  // Claims all measured at smoke inside a report labelled otherwise still get the caveat.
  assert.match(reportMarkdown({ ...r, scale: "custom" }), /Smoke scale:/);
});

test("extractScaleNotes: the section from its heading (mid-cell too) to the next heading, with the Markdown the code cells display", () => {
  const nb: NotebookLike = {
    metadata: {},
    cells: [
      { cell_type: "markdown", source: ["## Results\n", "text before\n", "\n", "## What this scale can and cannot show\n", "Written from the run.\n", "### Details\n", "- **can**: x"] },
      {
        cell_type: "code",
        outputs: [
          { output_type: "display_data", data: { "text/markdown": ["- **cannot**: ", "y"], "text/plain": "…" } },
          { output_type: "execute_result", data: { "text/markdown": "**run** | seed |", "text/plain": "run" } },
        ],
      },
      { cell_type: "markdown", source: "## Appendix\nnot part of it" },
    ],
  };
  assert.equal(extractScaleNotes(nb), "Written from the run.\n### Details\n- **can**: x\n\n- **cannot**: y");
  assert.equal(extractScaleNotes({ metadata: {}, cells: [{ cell_type: "markdown", source: "## Results" }] }), null);
});

test("every paper notebook has the section the report shows", () => {
  const dir = path.join(__dirname, "..", "..", "..", "..", "notebooks");
  const papers = fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb") && f !== "gallery.ipynb");
  assert.ok(papers.length >= 5, papers.join(", "));
  for (const f of papers) {
    const nb = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as NotebookLike;
    assert.notEqual(extractScaleNotes(nb), null, `${f} has no "## What this scale can and cannot show" section`);
  }
});

test("report.md and report.html show each paper's 'what this scale can and cannot show'", () => {
  const notes = "Measured here: **2 seeds**, `smoke`.\n\n## Limits\n- **Can**: the mechanics\n  (exact arithmetic).\n- **Cannot**: ImageNet <numbers>.\n\n| a | b |\n| --- | ---: |\n| x \\| y | 2 |";
  const r = buildReport([
    { paper: "p", notebook: null, status: "ok", exitCode: 0, message: "ran", wallTimeS: 1, claims: [claimA], figures: [], scaleNotes: notes },
    { paper: "q", notebook: null, status: "error", exitCode: 1, message: "failed", wallTimeS: 1, claims: [], figures: [], scaleNotes: null },
  ], { scale: "default", transport: "embedded" });
  const md = reportMarkdown(r);
  assert.match(md, /## p\n[\s\S]*### What this scale can and cannot show\n\nMeasured here: \*\*2 seeds\*\*[\s\S]*#### Limits\n- \*\*Can\*\*/, "the notebook's ## heading sits below the report's ###");
  assert.equal(md.match(/What this scale can and cannot show/g)?.length, 1, "no section for a paper without one");
  const html = reportHtml(r);
  const section = /<div class="scale-notes">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
  assert.match(section, /<h3>What this scale can and cannot show<\/h3>/);
  assert.match(section, /<p>Measured here: <b>2 seeds<\/b>, <code>smoke<\/code>\.<\/p>/);
  assert.match(section, /<h4>Limits<\/h4>\n<ul><li><b>Can<\/b>: the mechanics \(exact arithmetic\)\.<\/li><li><b>Cannot<\/b>: ImageNet &lt;numbers&gt;\.<\/li><\/ul>/);
  assert.match(section, /<tr><td>x \| y<\/td><td style="text-align:right">2<\/td><\/tr>/);
  assert.equal(html.match(/class="scale-notes"/g)?.length, 1);
  // the run's totals: verdict counts and the notebooks' summed wall time, in both
  const totals = "2 papers (1 notebooks failed), 1 claims: 1 hold, 0 do not hold, 0 not measured; notebooks ran for 2.0 s in all.";
  assert.ok(md.includes(totals), md.slice(0, 400));
  assert.ok(html.includes(`<p>${totals}</p>`));
  const long = buildReport([{ paper: "p", notebook: null, status: "ok", exitCode: 0, message: "ran", wallTimeS: 600, claims: [], figures: [] }], { scale: "default", transport: "embedded" });
  assert.match(reportMarkdown(long), /notebooks ran for 10\.0 min in all/);
});

test("markdownHtml escapes what is not Markdown and keeps only safe links", () => {
  assert.equal(markdownHtml("<script>alert(1)</script> & [x](javascript:alert(1)) [y](https://a.org/b?c=1)"), '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; [x](javascript:alert(1)) <a href="https://a.org/b?c=1">y</a></p>');
  assert.equal(markdownHtml("1. one\n2. _two_ snake_case_name\n\nend"), "<ol><li>one</li><li><i>two</i> snake_case_name</li></ol>\n<p>end</p>");
});

test("where a paper ran, and the run's totals, in report.md and report.html", () => {
  const run: PaperRun = { transport: "server", host: "http://gw:8888/", kernelId: "k2", kernel: "paperlab", backend: "wasm", wallTimeS: 12.34, cpuTimeS: 10.5, retries: [{ host: "http://a:8888/", kernelId: "k1", reason: "the server http://a:8888/ does not answer (ECONNREFUSED)\nmore" }], cached: false };
  assert.equal(placementLine(run), "server http://gw:8888/, kernel k2 (paperlab), backend wasm; 12.3 s wall, 10.5 s CPU; retried 1× after: http://a:8888/: the server http://a:8888/ does not answer (ECONNREFUSED)");
  assert.equal(placementLine({ ...run, transport: "local", host: "box", retries: [], cpuTimeS: null, cached: true }), "cached (an earlier run with the same notebook, build, scale and parameters); local host box, kernel k2 (paperlab), backend wasm; 12.3 s wall, CPU unknown");
  const r = buildReport([{ paper: "p", notebook: null, status: "ok", exitCode: 0, message: "ran", wallTimeS: 12.34, claims: [], figures: [], run }], { scale: "default", transport: "servers", totals: { jobs: 2, wallTimeS: 20, cpuTimeS: 150, ran: 1, cached: 0, retried: 1 } });
  assert.match(totalsLine(r), /; this run: 1 executed, 0 reused from an earlier run, 1 retried, 2 at a time, 20\.0 s wall, 2\.5 min kernel CPU$/);
  assert.ok(reportMarkdown(r).includes(`- ran on: ${placementLine(run)}`));
  assert.ok(reportHtml(r).includes(`<p class="prov">ran on: server http://gw:8888/, kernel k2`));
  const old = buildReport([{ paper: "p", notebook: null, status: "ok", exitCode: 0, message: "ran", wallTimeS: 1, claims: [], figures: [] }], { scale: "default", transport: "embedded" });
  assert.equal(old.totals, undefined);
  assert.doesNotMatch(reportMarkdown(old), /ran on:|this run:/, "reports without run records render as before");
});
