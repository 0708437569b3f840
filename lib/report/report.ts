/**
 * The reproduction report: per paper, the notebook run (status, wall time), its claims side by
 * side (paper's value, ours, the check, the verdict) with provenance (seed, backend, versions),
 * and links to its figures. Written as report.json (the data), report.md and report.html.
 */
import * as fs from "fs";
import * as path from "path";
import { ClaimRecord, claimsHtml, oursText } from "../claims";
import type { FigureFiles } from "./figures";

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
}

/** The whole report. */
export interface Report {
  generatedAt: string;
  scale: string;
  /** "embedded" or the server URL. */
  transport: string;
  papers: PaperReport[];
  summary: { papers: number; notebooksFailed: number; claims: number; holds: number; doesNotHold: number; notMeasured: number };
  /** True when every notebook ran and every claim holds. */
  ok: boolean;
}

/** Builds the report (computes the summary). */
export function buildReport(papers: PaperReport[], info: { scale: string; transport: string }): Report {
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

function value(v: number | string | null | undefined, unit?: string): string {
  if (v === null || v === undefined) return "—";
  return `${typeof v === "number" ? Number(v.toPrecision(4)) : v}${unit ? ` ${unit}` : ""}`;
}

/** The report as Markdown. */
export function reportMarkdown(r: Report): string {
  const s = r.summary;
  const out = [
    `# paperlab reproduction report`,
    ``,
    `${r.ok ? "**All claims hold.**" : "**Some claims do not hold or some notebooks failed.**"} Scale \`${r.scale}\`, ${r.transport}, ${r.generatedAt}.`,
    ``,
    `${s.papers} papers (${s.notebooksFailed} notebooks failed), ${s.claims} claims: ${s.holds} hold, ${s.doesNotHold} do not hold, ${s.notMeasured} not measured.`,
  ];
  for (const p of r.papers) {
    const pv = paperProvenance(p);
    out.push(``, `## ${p.paper}`, ``);
    out.push(`- run: **${p.status}** (exit ${p.exitCode}) in ${p.wallTimeS.toFixed(1)} s — ${mdCell(p.message)}`);
    if (p.notebook) out.push(`- notebook: [${p.notebook}](${p.notebook})`);
    out.push(`- seed: ${pv.seeds}; backend: ${pv.backends}; ${pv.versions}`);
    if (p.claims.length) {
      out.push(``, `| verdict | claim | statement | paper | ours | check | scale |`, `|---|---|---|---|---|---|---|`);
      for (const c of p.claims) {
        out.push(`| ${c.holds ? "✓" : c.verdict === "not measured" ? "?" : "✗"} ${c.verdict} | \`${c.id}\` | ${mdCell(c.statement)} | ${value(c.paperValue, c.unit)} | ${mdCell(oursText(c))} | ${mdCell(c.reason)} | ${c.scale ?? ""} |`);
      }
    } else {
      out.push(``, `_No claims were reported._`);
    }
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

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The report as a standalone HTML page (figures shown inline from their SVG files). */
export function reportHtml(r: Report): string {
  const s = r.summary;
  const sections = r.papers
    .map((p) => {
      const pv = paperProvenance(p);
      const figs = p.figures
        .map((f) => `<figure><img src="${esc(f.svg ?? f.png ?? "")}" alt="${esc(f.name)}"><figcaption>${esc(f.name)} — ${[f.svg && `<a href="${esc(f.svg)}">svg</a>`, f.png && `<a href="${esc(f.png)}">png</a>`, `<a href="${esc(f.vlJson)}">vega-lite</a>`].filter(Boolean).join(" · ")}${f.problem ? ` (${esc(f.problem)})` : ""}</figcaption></figure>`)
        .join("");
      return `<section><h2>${esc(p.paper)}</h2>
<p>run: <b>${esc(p.status)}</b> (exit ${p.exitCode}) in ${p.wallTimeS.toFixed(1)} s — ${esc(p.message)}${p.notebook ? ` · <a href="${esc(p.notebook)}">notebook</a>` : ""}</p>
<p class="prov">seed: ${esc(pv.seeds)} · backend: ${esc(pv.backends)} · ${esc(pv.versions)}</p>
${p.claims.length ? claimsHtml(p.claims) : "<p><i>No claims were reported.</i></p>"}
${figs}</section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>paperlab reproduction report</title>
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}.prov{color:#555;font-size:.9em}figure{display:inline-block;margin:.5rem}img{max-width:32rem}</style>
</head><body>
<h1>paperlab reproduction report</h1>
<p><b>${r.ok ? "All claims hold." : "Some claims do not hold or some notebooks failed."}</b> Scale <code>${esc(r.scale)}</code>, ${esc(r.transport)}, ${esc(r.generatedAt)}.</p>
<p>${s.papers} papers (${s.notebooksFailed} notebooks failed), ${s.claims} claims: ${s.holds} hold, ${s.doesNotHold} do not hold, ${s.notMeasured} not measured.</p>
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
  fs.writeFileSync(files.html, reportHtml(r));
  return files;
}
