/**
 * The notebook experience in a real JupyterLab 4 in a real browser (see harness.ts for the setup).
 * Scenario: open notebooks from the extension's launcher section, its command palette entry and the
 * file browser; pick "TypeScript (paperlab)" in the kernel dialog; run all cells of the gallery and of a
 * smoke-scale paper notebook and check every chart painted pixels and the claims table came from the
 * extension; watch the live training panel update in place; interrupt a busy cell from the toolbar and
 * run the next one; restart; Tab completion and Shift+Tab inspection show TypeScript types.
 * Screenshots go to out/e2e/.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { ARTIFACTS, CHROMIUM, Lab, Notebook, ROOT, buildApp, codeNotebook, missingPrerequisites, playwright, prepareNotebook, startLab } from "./harness";

// playwright-core's types are not a root dependency; its objects are used loosely here.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Page = any;

const KERNEL = "TypeScript (paperlab)";
const skip = missingPrerequisites() ?? false;

/** The paper notebook: notebooks/sdt-v3.ipynb when the checkout has it, else the toy paper fixture. */
function paperNotebook(): { name: string; nb: Notebook } {
  const sdt = path.join(ROOT, "notebooks", "sdt-v3.ipynb");
  const file = fs.existsSync(sdt) ? sdt : path.join(ROOT, "tests", "fixtures", "papers-typescript", "toy-paper-ts.ipynb");
  return { name: path.basename(file, ".ipynb"), nb: prepareNotebook(JSON.parse(fs.readFileSync(file, "utf8")), { scale: '"smoke"' }) };
}

const LIVE = codeNotebook([
  "(globalThis as any).beforeRestart = 42;\nconst xs = [3, 1, 2];",
  [
    "// a tiny model trained slowly enough to watch the panel update",
    "const w = tf.variable(tf.tensor1d([2, -1]));",
    "const result = await lab.train({",
    "  title: \"e2e live\", epochs: 4, progressEveryMs: 150,",
    "  data: () => Array.from({ length: 12 }, (_, i) => i),",
    "  loss: () => tf.sum(tf.square(w)),",
    "  optimizer: tf.train.sgd(0.05),",
    "  evaluate: () => ({ valLoss: tf.tidy(() => tf.sum(tf.square(w)).dataSync()[0]) * 1.1 }),",
    "  callbacks: { onStepEnd: () => new Promise<void>((r) => setTimeout(r, 60)) },",
    "});",
  ].join("\n"),
  "// busy: only an interrupt stops this\nwhile (true) {}",
  "const afterInterrupt = xs.length * 2;\nafterInterrupt",
  "String((globalThis as any).beforeRestart)",
  "",
]);

async function shot(page: Page, name: string, locator?: any): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await (locator ?? page).screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** The visible notebook panel. */
const PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)";

/** Answers the kernel dialog with the paperlab kernel and waits for it to be idle. */
async function pickKernel(page: Page): Promise<void> {
  const dialog = page.locator(".jp-Dialog");
  await dialog.waitFor({ timeout: 30_000 });
  const select = dialog.locator("select");
  const labels: string[] = await select.locator("option").allTextContents();
  assert.ok(labels.includes(KERNEL), `the kernel dialog offers ${JSON.stringify(labels)}, not ${KERNEL}`);
  await select.selectOption({ label: KERNEL });
  await dialog.locator(".jp-Dialog-footer .jp-mod-accept").click();
  await page.locator(`${PANEL} .jp-KernelName`, { hasText: KERNEL }).waitFor({ timeout: 30_000 });
  await waitIdle(page);
}

async function waitIdle(page: Page, timeout = 60_000): Promise<void> {
  await page.locator(`${PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]`).waitFor({ timeout });
}

/** Calls one of in-page.js's functions in the page. */
function inPage<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(([f, a]: [string, unknown[]]) => (globalThis as any).paperlabE2E[f](...a), [fn, args]);
}

/** Waits until one of in-page.js's predicates holds. */
function waitInPage(page: Page, fn: string, args: unknown[], timeout: number): Promise<unknown> {
  return page.waitForFunction(([f, a]: [string, unknown[]]) => (globalThis as any).paperlabE2E[f](...a), [fn, args], { timeout, polling: 100 });
}

/** Runs every cell through the Run menu and waits until each code cell has an execution count. */
async function runAll(page: Page, timeout: number): Promise<void> {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
  await waitInPage(page, "allRan", [PANEL], timeout);
  await waitIdle(page, timeout);
}

interface Chart {
  kind: string;
  painted: number;
  w: number;
  h: number;
}

/** Every chart in the visible notebook, once vega-embed has drawn them all. */
async function charts(page: Page): Promise<Chart[]> {
  await waitInPage(page, "vegaReady", [PANEL], 30_000);
  return inPage<Chart[]>(page, "charts", PANEL);
}

/** Selects code cell `i` of the visible notebook (command mode) and runs it with Shift+Enter. */
async function runCell(page: Page, i: number): Promise<void> {
  await page.locator(`${PANEL} .jp-CodeCell`).nth(i).locator(".jp-InputPrompt").click();
  await page.keyboard.press("Shift+Enter");
}

/** The text of code cell `i`'s outputs (without the output prompt). */
async function cellText(page: Page, i: number): Promise<string> {
  return ((await page.locator(`${PANEL} .jp-CodeCell`).nth(i).locator(".jp-OutputArea-output").allTextContents()) as string[]).join("\n");
}

function waitCellDone(page: Page, i: number, timeout = 60_000): Promise<unknown> {
  return waitInPage(page, "cellRan", [PANEL, i], timeout);
}

// One JupyterLab server and one browser for all the steps below (they run in order).
let lab: Lab | undefined;
let ctx: any;
let page: Page;
const consoleErrors: string[] = [];
const t0 = Date.now();
const phases: string[] = [];
const phase = (name: string) => phases.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const paper = paperNotebook();
let summary = "";

before(async () => {
  if (skip) return;
  fs.rmSync(ARTIFACTS, { recursive: true, force: true }); // screenshots of this run only
  buildApp();
  const gallery = prepareNotebook(JSON.parse(fs.readFileSync(path.join(ROOT, "notebooks", "gallery.ipynb"), "utf8")));
  lab = await startLab({ "notebooks/gallery.ipynb": gallery, [`notebooks/${paper.name}.ipynb`]: paper.nb, "e2e-live.ipynb": LIVE });
  const { chromium } = playwright();
  ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(lab.dir, "chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: { width: 1400, height: 900 },
  });
  await ctx.addInitScript({ path: path.join(ROOT, "tests", "e2e", "in-page.js") });
  page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on("console", (m: any) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e: Error) => consoleErrors.push(`pageerror: ${e.message}`));
  await page.goto(`${lab.url}/lab?reset&token=${lab.token}`);
  await page.locator("#jp-main-dock-panel").waitFor({ timeout: 120_000 });
  phase("lab up");
}, { timeout: 240_000 });

after(async () => {
  process.stdout.write(`# e2e (timings on a shared machine, noisy): ${phases.join(", ")}${summary}\n`);
  await ctx?.close().catch(() => undefined);
  await lab?.stop();
});

/** Runs a step; on failure saves a screenshot named after it. */
function step(name: string, timeoutMs: number, fn: () => Promise<void>): void {
  test(name, { skip, timeout: timeoutMs }, async () => {
    try {
      await fn();
      phase(name.split(":")[0]);
    } catch (err) {
      if (page) await shot(page, `failure-${name.split(":")[0].replace(/\W+/g, "-")}`).catch(() => undefined);
      throw err;
    }
  });
}

step("prebuilt extension: loaded from the labextensions path the way JupyterLab loads prebuilt extensions", 60_000, async () => {
  const federated = (await (await waitInPage(page, "federated", [], 30_000) as any).jsonValue()) as string[];
  assert.deepEqual(federated, ["paperlab-jupyterlab"], "paperlab's prebuilt extension came from the labextensions path");
  const plugins = await inPage<{ ids: string[]; active: boolean | null }>(page, "plugins");
  assert.ok(plugins.ids.includes("paperlab-jupyterlab:papers"), "the launcher/palette plugin is registered");
  assert.notEqual(plugins.active, false, "the plugin activated");
});

step("launcher and gallery: the Paperlab papers section opens the gallery; all its cells run and every chart paints", 420_000, async () => {
  // (a fresh JupyterLab opens one when its main area is empty; otherwise File > New Launcher)
  await page.locator(".jp-Launcher").first().waitFor({ timeout: 5_000 }).catch(async () => {
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^File$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^New Launcher$/ }).click();
  });
  const section = page.locator(".jp-Launcher:visible .jp-Launcher-section", { has: page.locator(".jp-Launcher-sectionTitle", { hasText: "Paperlab papers" }) });
  await section.waitFor({ timeout: 30_000 });
  const cards: string[] = (await section.locator(".jp-LauncherCard-label").allTextContents()).map((t: string) => t.trim());
  assert.deepEqual(cards, ["gallery", paper.name].sort());
  await shot(page, "01-launcher");
  await section.locator(".jp-LauncherCard", { hasText: "gallery" }).click();
  await pickKernel(page);
  const galleryStart = Date.now();
  await runAll(page, 300_000);
  const galleryCharts = await charts(page);
  const galleryS = (Date.now() - galleryStart) / 1000;
  assert.ok(galleryCharts.length >= 5, `the gallery shows ${galleryCharts.length} charts`);
  for (const [i, c] of galleryCharts.entries()) assert.ok(c.painted > 0 && c.w > 0 && c.h > 0, `gallery chart ${i} (${c.kind} ${c.w}x${c.h}) painted nothing`);
  assert.deepEqual(await inPage(page, "errors", PANEL), [], "no error outputs in the gallery");
  await shot(page, "02-gallery");
  summary += `; gallery: ${galleryCharts.length} charts (${galleryCharts.map((c) => c.kind).join(",")}), run all ${galleryS.toFixed(1)} s`;

});

step("palette and paper notebook: the palette entry opens it; at smoke scale its claims table renders through the extension", 420_000, async () => {
  // --- command palette entry opens the paper notebook; run it at smoke scale
  await page.keyboard.press("Control+Shift+C");
  const palette = page.locator("#command-palette");
  await palette.locator("input").fill(paper.name);
  const item = palette.locator(".lm-CommandPalette-item", { hasText: paper.name }).first();
  await item.waitFor({ timeout: 10_000 });
  assert.match(await palette.locator(".lm-CommandPalette-header").first().textContent(), /Paperlab papers/i);
  await shot(page, "03-palette");
  await item.click();
  await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").waitFor();
  await pickKernel(page);
  await runAll(page, 300_000);
  const claims = page.locator(`${PANEL} .paperlab-rendered .paperlab-claims table`);
  await claims.first().waitFor({ timeout: 10_000 });
  const rows = await inPage<{ id: string; verdict: string }[]>(page, "claimRows", PANEL);
  assert.ok(rows.length >= 1, "the claims table has rows");
  for (const r of rows) assert.match(r.verdict, /^[✓✗?] (holds|does not hold|not measured)$/);
  if (paper.name === "toy-paper-ts") assert.deepEqual(rows, [{ id: "toy-acc", verdict: "✓ holds" }]);
  // the HTML fallback of the same bundle is not what is shown: the extension's renderer is
  assert.equal(await page.locator(`${PANEL} table.paperlab-claims`).count(), 0);
  const paperCharts = await charts(page);
  for (const [i, c] of paperCharts.entries()) assert.ok(c.painted > 0, `paper chart ${i} painted nothing`);
  await shot(page, "04-paper-claims");
  await shot(page, "05-claims-table", claims.first());
  summary += `; ${paper.name}: ${rows.map((r) => `${r.id} ${r.verdict}`).join(", ")}, ${paperCharts.length} charts`;

});

step("live training, interrupt: the panel updates in place; the toolbar's interrupt stops a busy cell and the next cell runs", 240_000, async () => {
  // --- file browser: open the live notebook
  await page.locator('.jp-DirListing-item[title^="Name: e2e-live.ipynb"]').dblclick();
  await pickKernel(page);
  await runCell(page, 0);
  await waitCellDone(page, 0);

  // training: sample the cell's outputs while it runs
  const sampling = inPage<{ outputs: number; percent: string | null; points: string | null; same: boolean; renders: string | null }[]>(page, "sampleTraining", PANEL, 1);
  await runCell(page, 1);
  // a screenshot mid-run, once the curve is there and the bar is not full yet (skipped if training ends first)
  await page
    .locator(`${PANEL} .jp-CodeCell >> nth=1 >> .paperlab-progress-panel:not([data-percent="100"])`)
    .waitFor({ timeout: 120_000 })
    .then(() => page.locator(`${PANEL} .jp-CodeCell >> nth=1 >> .paperlab-curves-panel`).waitFor({ timeout: 5_000 }))
    .then(() => shot(page, "06-training-live", page.locator(`${PANEL} .jp-CodeCell`).nth(1)))
    .catch(() => undefined);
  const samples = await sampling;
  await waitCellDone(page, 1);
  assert.ok(samples.length > 0, "the training panel appeared");
  const lastSample = samples[samples.length - 1];
  const percents = [...new Set(samples.map((s) => s.percent))];
  summary += `; training bar: ${samples.length} samples, percents ${percents.join(" ")}`;
  assert.ok(percents.length >= 3, `the bar changed in place only ${percents.length} times: ${JSON.stringify(percents)}`);
  assert.equal(lastSample.percent, "100");
  // one bar output, joined by one curve output after the first step; never more (updates replace them)
  const counts = samples.map((s) => s.outputs);
  assert.ok(counts.every((n, i) => n >= 1 && n <= 2 && (i === 0 || n >= counts[i - 1])) && counts[counts.length - 1] === 2, `the training cell's outputs over time: ${JSON.stringify(counts)}`);
  assert.ok(samples.every((s) => s.same), "the bar's renderer was reused (updated in place, not replaced)");
  assert.ok(Number(lastSample.renders) >= 3, `the bar re-rendered ${lastSample.renders} times`);
  const curvePoints = Number(lastSample.points);
  assert.ok(curvePoints >= 40, `the curve has ${curvePoints} points (48 train steps + 4 valLoss expected)`);
  assert.equal(await page.locator(`${PANEL} .jp-CodeCell >> nth=1 >> svg.paperlab-curves path`).count(), 2, "train and valLoss curves");
  await shot(page, "07-training-done", page.locator(`${PANEL} .jp-CodeCell`).nth(1));

  // --- a busy cell stops on the toolbar's interrupt; the next cell runs
  await runCell(page, 2);
  await page.waitForTimeout(1500);
  assert.match(await page.locator(`${PANEL} .jp-CodeCell`).nth(2).locator(".jp-InputArea-prompt").textContent(), /\[\*\]/);
  await page.locator(`${PANEL} .jp-Toolbar-item[data-jp-item-name="interrupt"]`).locator("button, jp-button").first().click();
  await waitCellDone(page, 2, 30_000);
  assert.match(await cellText(page, 2), /KeyboardInterrupt|interrupted/);
  await runCell(page, 3);
  await waitCellDone(page, 3);
  assert.match(await cellText(page, 3), /^\s*6\s*$/);
  await runCell(page, 4);
  await waitCellDone(page, 4);
  assert.match(await cellText(page, 4), /42/);
  await shot(page, "08-interrupted");
});

step("completion, inspection, restart: Tab and Shift+Tab show TypeScript types; restart clears the kernel", 180_000, async () => {
  // --- completion (Tab) and inspection (Shift+Tab) show TypeScript types
  const last = page.locator(`${PANEL} .jp-CodeCell`).nth(5);
  await last.locator(".cm-content").click();
  await page.keyboard.type("xs.fil");
  await page.keyboard.press("Tab");
  const completer = page.locator(".jp-Completer:not(.lm-mod-hidden)");
  await completer.waitFor({ timeout: 20_000 });
  const items: string[] = await completer.locator(".jp-Completer-item").allTextContents();
  assert.ok(items.some((t) => /filter/.test(t)), `completions: ${JSON.stringify(items)}`);
  const types: string[] = await completer.locator(".jp-Completer-typeExtended").allTextContents();
  assert.ok(types.includes("method"), `completion types: ${JSON.stringify(types)}`);
  await shot(page, "09-completion");
  await page.keyboard.press("Escape");
  await last.locator(".cm-content").click();
  await page.keyboard.press("Control+a");
  await page.keyboard.type("xs");
  await page.keyboard.press("Shift+Tab");
  const tooltip = page.locator(".jp-Tooltip:not(.lm-mod-hidden)").last();
  await tooltip.waitFor({ timeout: 20_000 });
  assert.match((await tooltip.textContent()) ?? "", /xs: number\[\]/);
  await shot(page, "10-inspection");
  await page.keyboard.press("Escape");

  // --- restart: the toolbar's restart, confirmed; the kernel's state is gone
  await page.locator(`${PANEL} .jp-Toolbar-item[data-jp-item-name="restart"]`).locator("button, jp-button").first().click();
  const confirm = page.locator(".jp-Dialog");
  await confirm.waitFor();
  await confirm.locator(".jp-Dialog-footer .jp-mod-accept").click();
  await page.waitForTimeout(500);
  await waitIdle(page);
  await runCell(page, 4);
  // the cell ran before: wait for its new output rather than for an execution count
  await waitInPage(page, "outputMatches", [PANEL, 4, "^\\s*'?undefined'?\\s*$"], 60_000);
  await shot(page, "11-restarted");
});

step("console: no errors beyond the known jupyter-server 1.x noise", 10_000, async () => {
  const unexpected = consoleErrors.filter((e) => !/api\/me|api\/events|kernelInfoTimeout|Yjs|yjs|favicon|Failed to load resource/.test(e));
  assert.deepEqual(unexpected, []);
});
