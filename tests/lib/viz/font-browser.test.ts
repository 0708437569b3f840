/**
 * The figures' font in a real browser: an SVG rendered by lib/viz, placed inline in a page that headless Chromium
 * (Debian's `chromium`) loads with `--dump-dom`. The page's script reads the computed `font-family` of the SVG's
 * text and measures it against the same text in "Source Sans 3" (served to the page with @font-face from the shipped
 * font files) and in the browser's serif. An unquoted `Source Sans 3, …` is invalid CSS: the browser drops it and
 * draws the text in its default serif, which this test catches. Skips, saying why, without Chromium.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as viz from "../../../lib/viz";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));

/** The shipped font files as @font-face rules (weight from the file name), so the page has Source Sans 3. */
function fontFaces(): string {
  const f = viz.fontFiles();
  return f.files
    .filter((file) => !/Italic/i.test(file))
    .map((file) => {
      const weight = /(\d00)[A-Za-z]/.exec(path.basename(file))?.[1] ?? "400";
      const data = fs.readFileSync(file).toString("base64");
      return `@font-face{font-family:"${f.family}";font-weight:${weight};src:url(data:font/ttf;base64,${data}) format("truetype")}`;
    })
    .join("\n");
}

/** The page: the SVG inline, and a script that writes what the browser made of its first text into #out. */
function page(svg: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${fontFaces()}</style></head><body>${svg}
<pre id="out">pending</pre>
<script>
(async () => {
  const text = document.querySelector("svg text");
  const cs = getComputedStyle(text);
  // Load the weight the text asks for before measuring (a webfont is fetched lazily).
  await document.fonts.load(cs.fontWeight + " " + cs.fontSize + ' "Source Sans 3"');
  const svg = document.querySelector("svg");
  const width = (family) => {
    const t = document.createElementNS("http://www.w3.org/2000/svg", "text");
    t.textContent = text.textContent;
    t.setAttribute("font-size", cs.fontSize);
    t.setAttribute("font-weight", cs.fontWeight);
    t.style.fontFamily = family;
    svg.appendChild(t);
    const w = t.getComputedTextLength();
    t.remove();
    return w;
  };
  document.getElementById("out").textContent = JSON.stringify({
    content: text.textContent,
    family: cs.fontFamily,
    width: text.getComputedTextLength(),
    sourceSans: width('"Source Sans 3"'),
    serif: width("serif"),
  });
})().catch((e) => { document.getElementById("out").textContent = "error: " + e; });
</script></body></html>`;
}

interface Measured {
  content: string;
  family: string;
  width: number;
  sourceSans: number;
  serif: number;
}

function measure(svg: string): Measured {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-font-"));
  try {
    const file = path.join(dir, "page.html");
    fs.writeFileSync(file, page(svg));
    const r = spawnSync(
      CHROMIUM!,
      ["--headless", "--no-sandbox", "--disable-gpu", `--user-data-dir=${path.join(dir, "profile")}`, "--virtual-time-budget=10000", "--dump-dom", `file://${file}`],
      { encoding: "utf8", timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
    );
    const out = /<pre id="out">([^<]*)<\/pre>/.exec(r.stdout ?? "")?.[1];
    assert.ok(out && out.startsWith("{"), `chromium gave no measurement (exit ${r.status}): ${out ?? r.stderr?.slice(-500)}`);
    return JSON.parse(out.replace(/&quot;/g, '"').replace(/&amp;/g, "&")) as Measured;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("a rendered figure's text is drawn in Source Sans 3 in a browser, not the serif fallback", { skip: CHROMIUM ? false : "needs Debian's chromium (apt-get install chromium)" }, async () => {
  const spec = viz.groupedBars([{ group: "alpha", value: 1 }, { group: "beta", value: 2 }], { title: "Accuracy by group" });
  const m = measure(await viz.renderSvg(spec));
  assert.equal(m.family.split(",")[0].replace(/["']/g, "").trim(), "Source Sans 3", `computed font-family: ${m.family}`);
  assert.ok(Math.abs(m.sourceSans - m.serif) > 1, `the check needs Source Sans 3 and serif to differ in width (${m.sourceSans} vs ${m.serif})`);
  assert.ok(Math.abs(m.width - m.sourceSans) < 0.5, `"${m.content}" is ${m.width} px wide; in Source Sans 3 ${m.sourceSans}, in serif ${m.serif}`);
});

test("a theme font given unquoted is quoted on the way out, so the browser still uses it", { skip: CHROMIUM ? false : "needs Debian's chromium (apt-get install chromium)" }, async () => {
  viz.setTheme({ font: "Source Sans 3, DejaVu Sans, sans-serif" });
  try {
    const m = measure(await viz.renderSvg(viz.groupedBars([{ group: "a", value: 1 }], { title: "Quoted" })));
    assert.equal(m.family, '"Source Sans 3", "DejaVu Sans", sans-serif');
  } finally {
    viz.setTheme(null);
  }
});
