/**
 * `paperlab reproduce [PAPER…] [--scale smoke|default|full] [--out DIR] [--notebooks DIR]
 *  [--timeout S] [--kernel NAME] [--server URL [--token T]]`
 *
 * Runs `notebooks/<paper>.ipynb` for each paper (all by default) with the `scale` parameter (a
 * paper notebook is one whose `parameters` cell declares `scale`; others are not papers) and
 * writes into DIR (default `out/`): `notebooks/<paper>.ipynb` (executed), `figures/<paper>/
 * <figure>.{vl.json,svg,png}` for every chart that names a figure, and `report.{json,md,html}`
 * with the claims side by side. Exit codes: 0 every notebook ran and every claim holds; 5 a claim
 * does not hold (or was not measured); 1 a cell error; 3 a timeout; 4 a kernel died; 2 bad input;
 * 130 interrupted. When several happen, the first in the order 130, 2, 4, 3, 1, 5 wins.
 */
import * as fs from "fs";
import * as path from "path";
import { EXIT_CODES, packageRoot, Progress, runNotebookFile } from "../client";
import { runMessages } from "../client/messages";
import { Notebook, readNotebook } from "../notebook/nbformat";
import { NotebookParameters, paramLanguage, readParameters } from "../notebook/parameters";
import { buildReport, extractClaims, extractFigures, extractScaleNotes, FigureFiles, PaperReport, writeFigures, writeReport } from "../../lib/report";
import { interruptOnSignals, isRunResult, parseSharedOption, UsageError, type SharedArgs } from "./run";

/** The scales a paper notebook takes as its `scale` parameter. */
export const SCALES = ["smoke", "default", "full"] as const;

/** Exit code when every notebook ran but a claim does not hold. */
export const EXIT_CLAIM_FAILED = 5;

export const USAGE = `usage: paperlab reproduce [PAPER...] [options]

Runs each paper's notebook (all papers by default) and writes the executed notebooks, the
named figures and a report with every claim checked.

options:
  --scale smoke|default|full   the notebooks' scale parameter (default: default)
  --out DIR                    where to write (default: out)
  --notebooks DIR              where the paper notebooks are (default: the package's notebooks/)
  --timeout S                  per-cell limit in seconds
  --kernel NAME                kernel (default: each notebook's, else paperlab)
  --server URL [--token T]     run on a Jupyter Server instead of launching kernels here
  -q, --quiet                  no progress lines

exit codes: 0 all claims hold, 5 a claim does not hold, 1 cell error, 2 bad input,
3 timeout, 4 kernel died, 130 interrupted
`;

/** Parsed command line of `paperlab reproduce`. */
export interface ReproduceArgs extends SharedArgs {
  papers: string[];
  scale: (typeof SCALES)[number];
  out: string;
  notebooks?: string;
}

/** Parses argv (without `reproduce`). Throws `UsageError`. */
export function parseReproduceArgs(argv: string[]): ReproduceArgs {
  const a: ReproduceArgs = { papers: [], scale: "default", out: "out", quiet: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case "--scale": {
        const v = value();
        if (!(SCALES as readonly string[]).includes(v)) throw new UsageError(`--scale must be one of ${SCALES.join(", ")}, got '${v}'`);
        a.scale = v as ReproduceArgs["scale"];
        break;
      }
      case "--out":
        a.out = value();
        break;
      case "--notebooks":
        a.notebooks = value();
        break;
      default:
        if (parseSharedOption(arg, () => argv[++i], a)) break;
        if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
        a.papers.push(arg.replace(/\.ipynb$/, ""));
    }
  }
  return a;
}

/** A paper notebook as the scan read it: the notebook and its parsed parameters cell, handed on to its run. */
export interface PaperNotebook {
  /** The paper id (the file name without `.ipynb`). */
  name: string;
  nb: Notebook;
  parameters: NotebookParameters;
}

/**
 * Reads a notebook and returns it when it is a paper notebook: its `parameters` cell declares `scale`
 * (other notebooks in the folder, a gallery or a tutorial, are not papers and are left alone).
 */
export function readPaperNotebook(file: string): PaperNotebook | undefined {
  try {
    const nb = readNotebook(file);
    const parameters = readParameters(nb, paramLanguage(nb.metadata.kernelspec?.language ?? nb.metadata.language_info?.name));
    if (!parameters?.decls.some((d) => d.name === "scale")) return undefined;
    return { name: path.basename(file, ".ipynb"), nb, parameters };
  } catch {
    return undefined;
  }
}

/** The paper notebooks in a folder (`<paper>.ipynb`, not `*.out.ipynb`), sorted by name, each read once. */
export function findPapers(dir: string): PaperNotebook[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith(".ipynb") && !n.endsWith(".out.ipynb") && !n.startsWith("."))
    .flatMap((n) => readPaperNotebook(path.join(dir, n)) ?? [])
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The papers in a notebooks folder: the names of `findPapers`. */
export function listPapers(dir: string): string[] {
  return findPapers(dir).map((p) => p.name);
}

const SEVERITY = [EXIT_CODES.interrupted, EXIT_CODES.badInput, EXIT_CODES["kernel-died"], EXIT_CODES.timeout, EXIT_CODES.error, EXIT_CLAIM_FAILED];

/** The overall exit code of several paper runs. */
export function combineExitCodes(codes: number[]): number {
  for (const c of SEVERITY) if (codes.includes(c)) return c;
  return codes.find((c) => c !== 0) ?? 0;
}

/** Entry point: `paperlab reproduce …`. */
export async function main(argv: string[]): Promise<number> {
  let args: ReproduceArgs;
  try {
    args = parseReproduceArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`paperlab reproduce: ${err.message}\n\n${USAGE}`);
      return EXIT_CODES.badInput;
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const nbDir = path.resolve(args.notebooks ?? path.join(packageRoot(), "notebooks"));
  const found = findPapers(nbDir);
  const known = found.map((p) => p.name);
  if (known.length === 0) {
    process.stderr.write(`paperlab reproduce: ${runMessages.noPapers(nbDir)}\n`);
    return EXIT_CODES.badInput;
  }
  const unknown = args.papers.filter((p) => !known.includes(p));
  if (unknown.length) {
    process.stderr.write(`paperlab reproduce: ${runMessages.unknownPapers(unknown, known)}\n`);
    return EXIT_CODES.badInput;
  }
  const papers = args.papers.length ? [...new Set(args.papers)] : known;
  const out = path.resolve(args.out);
  const progressOut = new Progress(process.stderr, args.quiet);
  const { controller, dispose } = interruptOnSignals(progressOut);
  const results: PaperReport[] = [];
  const codes: number[] = [];
  const transport = args.server ? `server ${args.server}` : "embedded";
  try {
    for (const paper of papers) {
      if (controller.signal.aborted) break;
      const output = path.join(out, "notebooks", `${paper}.ipynb`);
      const progress = new Progress(process.stderr, args.quiet, `${paper} `);
      const t0 = Date.now();
      const r = await runNotebookFile({
        input: path.join(nbDir, `${paper}.ipynb`),
        notebook: found.find((p) => p.name === paper),
        output,
        parameters: { scale: args.scale },
        timeoutS: args.timeoutS,
        kernel: args.kernel,
        server: args.server,
        token: args.token ?? (args.server ? process.env.JUPYTER_TOKEN : undefined),
        progress,
        signal: controller.signal,
        runInfo: { paper, scale: args.scale },
      });
      let figures: FigureFiles[] = [];
      let claims: PaperReport["claims"] = [];
      let message = r.message;
      if (isRunResult(r)) {
        claims = extractClaims(r.nb);
        try {
          figures = await writeFigures(extractFigures(r.nb), path.join(out, "figures", paper), { relativeTo: out });
        } catch (err) {
          message += `; figures: ${(err as Error).message}`;
        }
      }
      const claimFailed = claims.some((c) => !c.holds);
      const code = r.exitCode === 0 && claimFailed ? EXIT_CLAIM_FAILED : r.exitCode;
      codes.push(code);
      const held = claims.filter((c) => c.holds).length;
      progress.note(`${r.status}: ${message}; ${claims.length} claims, ${held} hold; ${figures.length} figures`);
      results.push({
        paper,
        notebook: isRunResult(r) ? path.relative(out, output).split(path.sep).join("/") : null,
        status: r.status,
        exitCode: r.exitCode,
        message,
        wallTimeS: Math.round((Date.now() - t0) / 10) / 100,
        claims,
        figures,
        scaleNotes: isRunResult(r) ? extractScaleNotes(r.nb) : null,
      });
    }
  } finally {
    dispose();
  }
  if (controller.signal.aborted) codes.push(EXIT_CODES.interrupted);
  const report = buildReport(results, { scale: args.scale, transport });
  const files = writeReport(report, out);
  const s = report.summary;
  process.stderr.write(
    `paperlab reproduce: ${s.papers} papers, ${s.notebooksFailed} failed; ${s.claims} claims: ${s.holds} hold, ${s.doesNotHold} do not hold, ${s.notMeasured} not measured; report in ${path.relative(process.cwd(), files.md) || files.md}\n`,
  );
  return combineExitCodes(codes);
}
