/**
 * One paper of `paperlab reproduce`: run its notebook on a host the queue's `KernelHosts` picks, retry on
 * another kernel or server when the kernel dies or its server stops answering (at most `MAX_RETRIES`), then
 * extract claims and figures into the paper's part of the report, with where it ran and what it cost.
 */
import * as path from "path";
import { EXIT_CODES, Progress, runNotebookFile } from "../client";
import { Host, KernelHosts } from "../client/hosts";
import { runMessages } from "../client/messages";
import { extractClaims, extractFigures, extractScaleNotes, FigureFiles, PaperReport, PaperRun, writeFigures } from "../../lib/report";
import { isRunResult } from "./run";
import type { PaperNotebook } from "./reproduce";

/** A notebook moves to another kernel or server at most this many times. */
export const MAX_RETRIES = 2;

/** Exit code when every notebook ran but a claim does not hold. */
export const EXIT_CLAIM_FAILED = 5;

/**
 * Environment of every kernel `reproduce` launches here: one WASM thread each, so N notebooks in flight use N
 * cores (tfjs-backend-wasm's thread pool is opt-in through PAPERLAB_WASM_THREADS; lib/core/backend).
 */
export const LOCAL_KERNEL_ENV: Record<string, string> = { PAPERLAB_WASM_THREADS: "1" };

/** What every paper of a run shares. */
export interface PaperRunContext {
  nbDir: string;
  out: string;
  scale: string;
  hosts: KernelHosts;
  timeoutS?: number;
  kernel?: string;
  signal: AbortSignal;
  /** Progress lines for a paper (prefixed by its id). */
  progress: (paper: string) => Progress;
}

/**
 * Runs one paper with `parameters` (typed values for its parameters cell) to its report entry; never throws
 * for a failed notebook (its status says how it ended).
 */
export async function runPaper(p: PaperNotebook, parameters: Record<string, unknown>, ctx: PaperRunContext): Promise<{ report: PaperReport; exitCode: number }> {
  const progress = ctx.progress(p.name);
  const output = path.join(ctx.out, "notebooks", `${p.name}.ipynb`);
  const retries: PaperRun["retries"] = [];
  const tried = new Set<Host>();
  for (let attempt = 0; ; attempt++) {
    const host = ctx.hosts.pick(tried);
    if (!host) {
      const message = runMessages.allHostsDown(ctx.hosts.hosts.map((h) => h.down ?? h.label));
      progress.note(message);
      const report: PaperReport = { paper: p.name, notebook: null, status: "kernel-died", exitCode: EXIT_CODES["kernel-died"], message, wallTimeS: 0, claims: [], figures: [] };
      return { report: { ...report, run: { transport: "server", host: "—", kernelId: null, kernel: ctx.kernel ?? "—", backend: null, wallTimeS: 0, cpuTimeS: null, retries, cached: false } }, exitCode: report.exitCode };
    }
    tried.add(host);
    host.inFlight++;
    const t0 = Date.now();
    let r: Awaited<ReturnType<typeof runNotebookFile>>;
    try {
      r = await runNotebookFile({
        input: path.join(ctx.nbDir, `${p.name}.ipynb`),
        notebook: p,
        output,
        parameters,
        timeoutS: ctx.timeoutS,
        kernel: ctx.kernel,
        ...(host.url === null ? { env: LOCAL_KERNEL_ENV } : { server: host.url, token: host.token }),
        progress,
        signal: ctx.signal,
        runInfo: { paper: p.name, scale: ctx.scale, ...(attempt ? { attempt: attempt + 1 } : {}) },
        measureCpu: true,
      });
    } finally {
      host.inFlight--;
    }
    const wallTimeS = Math.round((Date.now() - t0) / 10) / 100;
    if (r.status === "kernel-died" && attempt < MAX_RETRIES && !ctx.signal.aborted) {
      // Was it the server? Then it is down for every notebook, not only this one.
      await ctx.hosts.probe(host);
      const next = ctx.hosts.pick(tried);
      if (next) {
        retries.push({ host: host.label, kernelId: r.placement?.kernelId ?? null, reason: r.message });
        progress.note(runMessages.retrying(attempt + 1, MAX_RETRIES, host.label, host.down ?? r.message, next.label));
        continue;
      }
    }
    let figures: FigureFiles[] = [];
    let claims: PaperReport["claims"] = [];
    let message = r.message;
    if (isRunResult(r)) {
      claims = extractClaims(r.nb);
      try {
        figures = await writeFigures(extractFigures(r.nb), path.join(ctx.out, "figures", p.name), { relativeTo: ctx.out });
      } catch (err) {
        message += `; figures: ${(err as Error).message}`;
      }
    }
    const claimFailed = claims.some((c) => !c.holds);
    const exitCode = r.exitCode === 0 && claimFailed ? EXIT_CLAIM_FAILED : r.exitCode;
    const held = claims.filter((c) => c.holds).length;
    progress.note(`${r.status}: ${message}; ${claims.length} claims, ${held} hold; ${figures.length} figures${retries.length ? `; after ${retries.length} retr${retries.length === 1 ? "y" : "ies"}` : ""}`);
    const backends = [...new Set(claims.map((c) => c.provenance.backend).filter((b): b is string => typeof b === "string" && b !== ""))];
    const placement = r.placement;
    return {
      exitCode,
      report: {
        paper: p.name,
        notebook: isRunResult(r) ? path.relative(ctx.out, output).split(path.sep).join("/") : null,
        status: r.status,
        exitCode: r.exitCode,
        message,
        wallTimeS,
        claims,
        figures,
        scaleNotes: isRunResult(r) ? extractScaleNotes(r.nb) : null,
        run: {
          transport: placement?.transport ?? (host.url === null ? "local" : "server"),
          host: placement?.host ?? host.label,
          kernelId: placement?.kernelId ?? null,
          kernel: placement?.kernelName ?? ctx.kernel ?? "—",
          backend: backends.length ? backends.join(", ") : null,
          wallTimeS,
          cpuTimeS: placement?.cpuTimeS ?? null,
          retries,
          cached: false,
        },
      },
    };
  }
}
