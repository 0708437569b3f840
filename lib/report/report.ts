/**
 * The reproduction report: per paper, the notebook run (status, wall time), its claims side by
 * side (the paper's value, the threshold checked, ours, the check, the verdict, the note) with provenance
 * (seed, backend, versions), what its scale can and cannot show (the notebook's closing section), and its figures. At smoke scale the headline says the verdicts are not evidence.
 * Written as report.json (the data), report.md (figures linked) and report.html (self-contained: figures inline).
 */
import * as fs from "fs";
import * as path from "path";
import { ClaimRecord, claimsHtml, oursText, paperText, thresholdOf } from "../claims";
import { SCALE_NOTES_TITLE } from "./extract";
import type { FigureFiles } from "./figures";
import { escapeHtml as esc, markdownHtml } from "./markdown";

/** One paper's part of the report. */
export interface PaperReport {
  paper: string;
  /** The executed notebook, relative to the report folder. */
  notebook: string | null;
  /** Run status: ok | error | timeout | kernel-died | interrupted | bad-input. */
  status: string;
  exitCode: number;
  /** One line saying how the run ended. */
  message: string;
  wallTimeS: number;
  claims: ClaimRecord[];
  figures: FigureFiles[];
  /** The notebook's "What this scale can and cannot show" section, as Markdown (extractScaleNotes); null when absent. */
  scaleNotes?: string | null;
  /** Where the notebook ran and what it cost (absent in reports written before runs recorded it). */
  run?: PaperRun;
}

/** Where a paper's notebook ran: the attempt that produced its result, and the attempts moved elsewhere before it. */
export interface PaperRun {
  /** "local" (a kernel launched by the runner) or "server" (Jupyter Server / Enterprise Gateway). */
  transport: "local" | "server";
  /** The machine's host name (local) or the server's base URL (never its token). */
  host: string;
  /** The kernel's id (null when it never started). */
  kernelId: string | null;
  /** The kernelspec name. */
  kernel: string;
  /** The backends the claims were computed on (provenance), comma-separated; null without claims. */
  backend: string | null;
  /** Seconds from the kernel's start to its notebook's end, this attempt. */
  wallTimeS: number;
  /** CPU seconds of the kernel process (null when the kernel could not say). */
  cpuTimeS: number | null;
  /** Failed attempts (a dead kernel, a server that stopped answering), each sent to another kernel or server. */
  retries: Array<{ host: string; kernelId: string | null; reason: string }>;
  /** True when this result was reused from an earlier run whose key (notebook, build, scale, parameters) matched. */
  cached: boolean;
  /** The result's key (hex sha-256), as `--resume` compares it. */
  key?: string;
}

/** The run as a whole. */
export interface RunTotals {
  /** Notebooks in flight at most. */
  jobs: number;
  /** Seconds from the first notebook's start to the last one's end. */
  wallTimeS: number;
  /** Summed CPU seconds of the kernels that ran this time (cached papers excluded). */
  cpuTimeS: number;
  /** Papers executed this time, and papers whose earlier result was reused. */
  ran: number;
  cached: number;
  /** Papers that needed at least one retry. */
  retried: number;
}

/** The whole report. */
export interface Report {
  generatedAt: string;
  scale: string;
  /** "embedded" or the server URL. */
  transport: string;
  papers: PaperReport[];
  /** The run's totals (absent in reports written before runs recorded them). */
  totals?: RunTotals;
  summary: { papers: number; notebooksFailed: number; claims: number; holds: number; doesNotHold: number; notMeasured: number };
  /** True when every notebook ran and every claim holds. */
  ok: boolean;
}

/** Builds the report (computes the summary). */
export function buildReport(papers: PaperReport[], info: { scale: string; transport: string; totals?: RunTotals }): Report {
  const claims = papers.flatMap((p) => p.claims);
  const summary = {
    papers: papers.length,
    notebooksFailed: papers.filter((p) => p.status !== "ok").length,
    claims: claims.length,
    holds: claims.filter((c) => c.verdict === "holds").length,
    doesNotHold: claims.filter((c) => c.verdict === "does not hold").length,
    notMeasured: claims.filter((c) => c.verdict === "not measured").length,
  };
  return {
    generatedAt: new Date().toISOString(),
    scale: info.scale,
    transport: info.transport,
    papers,
    ...(info.totals ? { totals: info.totals } : {}),
    summary,
    ok: summary.notebooksFailed === 0 && summary.holds === summary.claims,
  };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** Seeds, backends and versions of a paper's claims, each as a short list. */
export function paperProvenance(p: PaperReport): { seeds: string; backends: string; versions: string } {
  const pv = p.claims.map((c) => c.provenance);
  const list = (xs: Array<string | number | null>) => unique(xs.map((x) => (x === null ? "—" : String(x)))).join(", ") || "—";
  return {
    seeds: list(pv.map((x) => x.seed)),
    backends: list(pv.map((x) => x.backend)),
    versions: list(pv.map((x) => `node ${x.versions.node}, tfjs ${x.versions.tfjs ?? "—"}, paperlab ${x.versions.paperlab ?? "—"}`)),
  };
}

function mdCell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** True when the run is at smoke scale: the report's own scale, or every claim's. */
export function isSmoke(r: Report): boolean {
  const claims = r.papers.flatMap((p) => p.claims);
  return r.scale === "smoke" || (claims.length > 0 && claims.every((c) => c.scale === "smoke"));
}

/** The headline: the verdict of the run, and at smoke scale that its verdicts are not evidence either way. */
export function headline(r: Report): { verdict: string; caveat: string | null } {
  return {
    verdict: r.ok ? "All claims hold." : "Some claims do not hold or some notebooks failed.",
    caveat: isSmoke(r)
      ? "Smoke scale: these runs check that every notebook runs end to end; models this small and this briefly trained say nothing about the papers, so the verdicts below are not evidence for or against any claim. Run --scale default (or full) for that."
      : null,
  };
}

/** The run's totals in words: papers, failed notebooks, claims by verdict, and the notebooks' summed wall time. */
export function totalsLine(r: Report): string {
  const s = r.summary;
  const wall = r.papers.reduce((a, p) => a + p.wallTimeS, 0);
  const time = wall >= 120 ? `${(wall / 60).toFixed(1)} min` : `${wall.toFixed(1)} s`;
  const line = `${s.papers} papers (${s.notebooksFailed} notebooks failed), ${s.claims} claims: ${s.holds} hold, ${s.doesNotHold} do not hold, ${s.notMeasured} not measured; notebooks ran for ${time} in all`;
  const t = r.totals;
  if (!t) return line;
  return `${line}; this run: ${t.ran} executed, ${t.cached} reused from an earlier run, ${t.retried} retried, ${t.jobs} at a time, ${seconds(t.wallTimeS)} wall, ${seconds(t.cpuTimeS)} kernel CPU`;
}

function seconds(s: number): string {
  return s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`;
}

/** Where a paper ran, in words: `local host h, kernel k (paperlab), backend wasm; 12.3 s wall, 11.9 s CPU; retried after: …`. */
export function placementLine(run: PaperRun): string {
  const where = `${run.transport === "local" ? "local host" : "server"} ${run.host}, kernel ${run.kernelId ?? "—"} (${run.kernel}), backend ${run.backend ?? "—"}`;
  const cost = `${run.wallTimeS.toFixed(1)} s wall, ${run.cpuTimeS === null ? "CPU unknown" : `${run.cpuTimeS.toFixed(1)} s CPU`}`;
  const retries = run.retries.length ? `; retried ${run.retries.length}× after: ${run.retries.map((x) => `${x.host}: ${x.reason.split("\n")[0]}`).join("; ")}` : "";
  return `${run.cached ? "cached (an earlier run with the same notebook, build, scale and parameters); " : ""}${where}; ${cost}${retries}`;
}

/** The report as Markdown. */
export function reportMarkdown(r: Report): string {
  const head = headline(r);
  const out = [
    `# paperlab reproduction report`,
    ``,
    `**${head.verdict}** Scale \`${r.scale}\`, ${r.transport}, ${r.generatedAt}.`,
    ``,
    ...(head.caveat ? [`> **${head.caveat}**`, ``] : []),
    `${totalsLine(r)}.`,
  ];
  for (const p of r.papers) {
    const pv = paperProvenance(p);
    out.push(``, `## ${p.paper}`, ``);
    out.push(`- run: **${p.status}** (exit ${p.exitCode}) in ${p.wallTimeS.toFixed(1)} s — ${mdCell(p.message)}`);
    if (p.notebook) out.push(`- notebook: [${p.notebook}](${p.notebook})`);
    if (p.run) out.push(`- ran on: ${mdCell(placementLine(p.run))}`);
    out.push(`- seed: ${pv.seeds}; backend: ${pv.backends}; ${pv.versions}`);
    if (p.claims.length) {
      out.push(``, `| verdict | claim | statement | paper | threshold | ours | check | scale | note |`, `|---|---|---|---|---|---|---|---|---|`);
      for (const c of p.claims) {
        const cells = [`${c.holds ? "✓" : c.verdict === "not measured" ? "?" : "✗"} ${c.verdict}`, `\`${c.id}\``, c.statement, paperText(c), thresholdOf(c), oursText(c), c.reason, c.scale ?? "", c.note ?? ""];
        out.push(`| ${cells.map(mdCell).join(" | ")} |`);
      }
    } else {
      out.push(``, `_No claims were reported._`);
    }
    if (p.scaleNotes) out.push(``, `### ${SCALE_NOTES_TITLE}`, ``, demoteHeadings(p.scaleNotes, 3));
    if (p.figures.length) {
      out.push(``, `Figures:`);
      for (const f of p.figures) {
        const links = [f.svg && `[svg](${f.svg})`, f.png && `[png](${f.png})`, `[vega-lite](${f.vlJson})`].filter(Boolean).join(" · ");
        out.push(`- ${f.name}: ${links}${f.problem ? ` (${mdCell(f.problem)})` : ""}`);
      }
    }
  }
  return out.join("\n") + "\n";
}

/** Markdown with its headings moved below level `above` (a notebook's "##" subsection under the report's "###"). */
function demoteHeadings(md: string, above: number): string {
  return md.replace(/^(#{1,6})(?=\s)/gm, (h) => "#".repeat(Math.min(6, Math.max(h.length, above + 1))));
}


/** Options of `reportHtml`. */
export interface ReportHtmlOptions {
  /**
   * The report folder the figure paths are relative to: each figure's SVG is embedded in the page (a PNG as a data
   * URI when there is no SVG), so report.html opens offline and can be attached alone. Without it, figures are
   * referenced by path.
   */
  dir?: string;
}

/** A figure's markup for the page: its SVG inline (the XML prolog dropped), a PNG data URI, or an <img> by path. */
function figureMarkup(f: FigureFiles, dir: string | undefined): string {
  const file = (rel: string | null) => (dir && rel && fs.existsSync(path.join(dir, rel)) ? path.join(dir, rel) : null);
  const svg = file(f.svg);
  if (svg) return fs.readFileSync(svg, "utf8").replace(/^\s*<\?xml[^>]*\?>\s*/, "").replace(/^\s*<!DOCTYPE[^>]*>\s*/i, "");
  const png = file(f.png);
  if (png) return `<img src="data:image/png;base64,${fs.readFileSync(png).toString("base64")}" alt="${esc(f.name)}">`;
  return `<img src="${esc(f.svg ?? f.png ?? "")}" alt="${esc(f.name)}">`;
}

/**
 * The report as a standalone HTML page: claims with verdicts and provenance, and every figure inline (its SVG
 * embedded when `dir` is given, as `writeReport` does; report.md keeps the links).
 */
export function reportHtml(r: Report, o: ReportHtmlOptions = {}): string {
  const head = headline(r);
  const sections = r.papers
    .map((p) => {
      const pv = paperProvenance(p);
      const figs = p.figures
        .map((f) => `<figure>${figureMarkup(f, o.dir)}<figcaption>${esc(f.name)} — ${[f.svg && `<a href="${esc(f.svg)}">svg</a>`, f.png && `<a href="${esc(f.png)}">png</a>`, `<a href="${esc(f.vlJson)}">vega-lite</a>`].filter(Boolean).join(" · ")}${f.problem ? ` (${esc(f.problem)})` : ""}</figcaption></figure>`)
        .join("");
      return `<section><h2>${esc(p.paper)}</h2>
<p>run: <b>${esc(p.status)}</b> (exit ${p.exitCode}) in ${p.wallTimeS.toFixed(1)} s — ${esc(p.message)}${p.notebook ? ` · <a href="${esc(p.notebook)}">notebook</a>` : ""}</p>
<p class="prov">seed: ${esc(pv.seeds)} · backend: ${esc(pv.backends)} · ${esc(pv.versions)}</p>
${p.run ? `<p class="prov">ran on: ${esc(placementLine(p.run))}</p>\n` : ""}
${p.claims.length ? claimsHtml(p.claims) : "<p><i>No claims were reported.</i></p>"}
${p.scaleNotes ? `<div class="scale-notes"><h3>${esc(SCALE_NOTES_TITLE)}</h3>\n${markdownHtml(demoteHeadings(p.scaleNotes, 3))}</div>\n` : ""}${figs}</section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>paperlab reproduction report</title>
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}.prov{color:#555;font-size:.9em}.caveat{border-left:4px solid #bf8700;padding:.25rem .75rem;background:#fff8c5}.scale-notes{border-left:4px solid #0072b2;padding:0 .75rem;margin:1rem 0}figure{display:inline-block;margin:.5rem;vertical-align:top}img,figure>svg{max-width:100%;height:auto}</style>
</head><body>
<h1>paperlab reproduction report</h1>
<p><b>${esc(head.verdict)}</b> Scale <code>${esc(r.scale)}</code>, ${esc(r.transport)}, ${esc(r.generatedAt)}.</p>
${head.caveat ? `<p class="caveat"><b>${esc(head.caveat)}</b></p>\n` : ""}
<p>${esc(totalsLine(r))}.</p>
${sections}
</body></html>
`;
}

/** Writes report.json, report.md and report.html into `dir`; returns their paths. */
export function writeReport(r: Report, dir: string): { json: string; md: string; html: string } {
  fs.mkdirSync(dir, { recursive: true });
  const files = { json: path.join(dir, "report.json"), md: path.join(dir, "report.md"), html: path.join(dir, "report.html") };
  fs.writeFileSync(files.json, JSON.stringify(r, null, 1) + "\n");
  fs.writeFileSync(files.md, reportMarkdown(r));
  fs.writeFileSync(files.html, reportHtml(r, { dir }));
  return files;
}
