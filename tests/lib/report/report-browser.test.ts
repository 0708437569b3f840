/**
 * report.html in a real browser: a report with a rendered figure is written to a folder, the figure's file removed
 * (the page must not need it), and headless Chromium (Debian's `chromium`) loads the page with `--dump-dom`. A script
 * in the page reports the inline SVG's laid-out size and how many bars of the figure the browser drew with a
 * non-empty box, and the items of the paper's "what this scale can and cannot show" list. Skips, saying why, without
 * Chromium.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluateClaim } from "../../../lib/claims";
import { buildReport, writeReport } from "../../../lib/report";
import * as viz from "../../../lib/viz";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));

const PROBE = `<pre id="out">pending</pre><script>
const svg = document.querySelector("figure > svg");
const box = svg ? svg.getBoundingClientRect() : null;
const bars = svg ? [...svg.querySelectorAll("path")].filter((p) => { const b = p.getBBox(); return b.width > 1 && b.height > 1; }).length : 0;
const notes = document.querySelectorAll(".scale-notes li").length;
document.getElementById("out").textContent = JSON.stringify({ width: box ? box.width : 0, height: box ? box.height : 0, bars, images: document.images.length, notes });
</script>`;

test("report.html opens offline with its figures drawn (headless Chromium, figure files removed)", { skip: CHROMIUM ? false : "needs Debian's chromium (apt-get install chromium)" }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-report-browser-"));
  try {
    fs.mkdirSync(path.join(dir, "figures"));
    const spec = viz.groupedBars([{ group: "alpha", value: 1 }, { group: "beta", value: 2 }, { group: "gamma", value: 3 }], { title: "Accuracy by group" });
    fs.writeFileSync(path.join(dir, "figures", "acc.svg"), await viz.renderSvg(spec));
    const claim = evaluateClaim({ id: "a", paper: "p", statement: "A", paperValue: 1, ours: 1, compare: { kind: "atLeast" }, scale: "default" });
    const r = buildReport([{ paper: "p", notebook: null, status: "ok", exitCode: 0, message: "ran", wallTimeS: 1, claims: [claim], figures: [{ name: "acc", vlJson: "figures/acc.vl.json", svg: "figures/acc.svg", png: null }], scaleNotes: "- **Can**: the mechanics\n- **Cannot**: the paper's numbers" }], { scale: "default", transport: "embedded" });
    const files = writeReport(r, dir);
    fs.rmSync(path.join(dir, "figures"), { recursive: true });
    const page = path.join(dir, "probe.html");
    fs.writeFileSync(page, fs.readFileSync(files.html, "utf8").replace("</body>", `${PROBE}</body>`));
    const res = spawnSync(
      CHROMIUM!,
      ["--headless", "--no-sandbox", "--disable-gpu", `--user-data-dir=${path.join(dir, "profile")}`, "--virtual-time-budget=5000", "--dump-dom", `file://${page}`],
      { encoding: "utf8", timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
    );
    const out = /<pre id="out">([^<]*)<\/pre>/.exec(res.stdout ?? "")?.[1];
    assert.ok(out && out.startsWith("{"), `chromium gave no measurement (exit ${res.status}): ${out ?? res.stderr?.slice(-500)}`);
    const m = JSON.parse(out.replace(/&quot;/g, '"')) as { width: number; height: number; bars: number; images: number; notes: number };
    assert.equal(m.notes, 2, "the 'what this scale can and cannot show' list, rendered");
    assert.ok(m.width > 100 && m.height > 100, `the inline figure is laid out at ${m.width} × ${m.height} px`);
    assert.ok(m.bars >= 3, `${m.bars} bars drawn with a non-empty box (3 groups)`);
    assert.equal(m.images, 0, "no <img> that would need the removed files");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
