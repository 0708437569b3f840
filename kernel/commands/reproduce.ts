/**
 * `paperlab reproduce [PAPER…] [--scale smoke|default|full] [--jobs N] [--resume] [--force] [-p NAME VALUE]…
 *  [--seed N] [--out DIR] [--notebooks DIR] [--timeout S] [--kernel NAME] [--server URL]… [--servers FILE] [--token T]`
 *
 * Runs `notebooks/<paper>.ipynb` for each paper (all by default) with the `scale` parameter (a
 * paper notebook is one whose `parameters` cell declares `scale`; others are not papers), N at a time
 * (a work queue, `client/work-queue.ts`), on kernels launched here or spread over Jupyter Servers or
 * Enterprise Gateways (`client/hosts.ts`), and writes into DIR (default `out/`): `notebooks/<paper>.ipynb`
 * (executed), `figures/<paper>/<figure>.{vl.json,svg,png}` for every chart that names a figure, and
 * `report.{json,md,html}` with the claims side by side, papers in id order whatever order they finished in.
 * The report is rewritten as each paper finishes, so an interrupted run keeps every finished paper; with
 * `--resume`, a paper whose stored result has the same key is reused (`reproduce-cache.ts`). Exit
 * codes: 0 every notebook ran and every claim holds; 5 a claim does not hold (or was not measured); 1 a cell
 * error; 3 a timeout; 4 a kernel died; 2 bad input; 130 interrupted. When several happen, the first in the
 * order 130, 2, 4, 3, 1, 5 wins.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXIT_CODES, packageRoot, Progress } from "../client";
import { KernelHosts, readServersFile, ServerEntry, ServersFileError } from "../client/hosts";
import { runMessages } from "../client/messages";
import { splitServerUrl } from "../client/server-client";
import { runQueue } from "../client/work-queue";
import { Notebook, readNotebook } from "../notebook/nbformat";
import { NotebookParameters, ParameterError, paramLanguage, readParameters, typeParameters } from "../notebook/parameters";
import { buildReport, PaperReport, RunTotals, writeReport } from "../../lib/report";
import { buildHash, notebookHash, resultKey, ResultKeyParts, reusableResult, storeResult } from "./reproduce-cache";
import { EXIT_CLAIM_FAILED, runPaper } from "./reproduce-run";
import { interruptOnSignals, parseSharedOption, UsageError, type SharedArgs } from "./run";

export { EXIT_CLAIM_FAILED } from "./reproduce-run";

/** The scales a paper notebook takes as its `scale` parameter. */
export const SCALES = ["smoke", "default", "full"] as const;

/** Memory a paper's kernel may take at default scale (the largest measured is ~1.3 GB): caps the default --jobs. */
export const BYTES_PER_JOB = 1.5e9;

/** The default --jobs for kernels launched here: one per core, but no more than free memory holds at BYTES_PER_JOB each. */
export function defaultJobs(cores = os.availableParallelism(), freeBytes = os.freemem()): number {
  return Math.max(1, Math.min(cores, Math.floor(freeBytes / BYTES_PER_JOB)));
}

export const USAGE = `usage: paperlab reproduce [PAPER...] [options]

Runs each paper's notebook (all papers by default) and writes the executed notebooks, the
named figures and a report with every claim checked.

options:
  --scale smoke|default|full   the notebooks' scale parameter (default: default)
  -j, --jobs N                 notebooks at once (default: one per core, at most one per 1.5 GB
                               of free memory; with servers: one per server)
  --out DIR                    where to write (default: out)
  --notebooks DIR              where the paper notebooks are (default: the package's notebooks/)
  --timeout S                  per-cell limit in seconds
  --kernel NAME                kernel (default: each notebook's, else paperlab)
  --server URL                 run on a Jupyter Server or Enterprise Gateway instead of launching
                               kernels here; repeat it for several (notebooks are spread over them)
  --servers FILE               servers from a file, one 'URL [TOKEN]' a line
  --resume                     reuse each paper's stored result when its notebook, the library
                               build, the kernel, scale, seed and parameters are unchanged
                               (the report marks it cached); run only the rest
  --force                      run every paper even with --resume
  -p, --parameter NAME VALUE   set a parameter in every paper whose parameters cell declares it
  --seed N                     the papers' seed parameter (same as -p seed N)
  --token T                    token of the --server URLs that carry none (else $PAPERLAB_SERVER_TOKEN,
                               else $JUPYTER_TOKEN); a URL's own ?token= wins; never printed
  -q, --quiet                  no progress lines

A notebook whose kernel dies, or whose server stops answering, runs again on another kernel or
server (at most twice); the report says so. Local kernels get one WASM thread each.

exit codes: 0 all claims hold, 5 a claim does not hold, 1 cell error, 2 bad input,
3 timeout, 4 kernel died, 130 interrupted
`;

/** Parsed command line of `paperlab reproduce`. */
export interface ReproduceArgs extends SharedArgs {
  papers: string[];
  scale: (typeof SCALES)[number];
  out: string;
  notebooks?: string;
  /** Notebooks at once (undefined: `defaultJobs()`, or one per server). */
  jobs?: number;
  /** `--server URL` in order, each with the token its URL carried. */
  serverUrls: ServerEntry[];
  /** `--servers FILE`, in order. */
  serverFiles: string[];
  /** Reuse stored results whose key is unchanged. */
  resume: boolean;
  /** Run everything, even with `resume`. */
  force: boolean;
  /** `-p NAME VALUE` (and `--seed N` as `seed`), typed against each paper's parameters cell. */
  cliParameters: Array<[string, string]>;
}

/** Parses argv (without `reproduce`). Throws `UsageError`. */
export function parseReproduceArgs(argv: string[]): ReproduceArgs {
  const a: ReproduceArgs = { papers: [], scale: "default", out: "out", quiet: false, help: false, serverUrls: [], serverFiles: [], resume: false, force: false, cliParameters: [] };
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
      case "-j":
      case "--jobs": {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`${arg} needs a whole number of notebooks at once (1 or more), got '${v}'`);
        a.jobs = n;
        break;
      }
      case "--server": {
        // `http://host:port/?token=T` as Jupyter prints it: the token stays with its URL and out of every message.
        const { baseUrl, token } = splitServerUrl(value());
        a.serverUrls.push({ url: baseUrl, token, source: "--server" });
        break;
      }
      case "--servers":
        a.serverFiles.push(value());
        break;
      case "--resume":
        a.resume = true;
        break;
      case "--force":
        a.force = true;
        break;
      case "-p":
      case "--parameter": {
        const name = value();
        if (name === "scale") throw new UsageError("set the scale with --scale, not -p scale");
        a.cliParameters.push([name, value()]);
        break;
      }
      case "--seed": {
        const v = value();
        if (!/^-?\d+$/.test(v)) throw new UsageError(`--seed needs a whole number, got '${v}'`);
        a.cliParameters.push(["seed", v]);
        break;
      }
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

/**
 * The servers of a run: `--server` URLs, then every `--servers` file's lines, each with its own token, else
 * `--token`, else $PAPERLAB_SERVER_TOKEN, else $JUPYTER_TOKEN. Throws `ServersFileError`.
 */
export function resolveServers(args: ReproduceArgs, env: NodeJS.ProcessEnv = process.env): ServerEntry[] {
  const fallback = args.token ?? env.PAPERLAB_SERVER_TOKEN ?? env.JUPYTER_TOKEN;
  const all = [...args.serverUrls, ...args.serverFiles.flatMap((f) => readServersFile(f))];
  return all.map((s) => ({ ...s, token: s.token ?? fallback }));
}

/**
 * The typed parameters each paper gets: `scale`, then every `-p NAME VALUE` its parameters cell declares (a
 * paper that does not declare a name is not given it). Throws `UsageError` for a name no paper declares, and
 * for a value its declaration cannot take.
 */
export function paperParameters(papers: PaperNotebook[], scale: string, cli: Array<[string, string]>): Map<string, Record<string, unknown>> {
  const unknown = [...new Set(cli.map(([n]) => n))].filter((n) => !papers.some((p) => p.parameters.decls.some((d) => d.name === n)));
  if (unknown.length) throw new UsageError(`no paper${papers.length > 1 ? " here" : ""} declares ${unknown.map((n) => `'${n}'`).join(", ")} in its parameters cell; ${papers.length > 1 ? "they declare" : "it declares"} ${[...new Set(papers.flatMap((p) => p.parameters.decls.map((d) => d.name)))].join(", ")}`);
  const out = new Map<string, Record<string, unknown>>();
  for (const p of papers) {
    const declared = new Set(p.parameters.decls.map((d) => d.name));
    try {
      out.set(p.name, { scale, ...typeParameters(p.parameters, cli.filter(([n]) => declared.has(n))) });
    } catch (err) {
      if (err instanceof ParameterError) throw new UsageError(`${p.name}: ${err.message}`);
      throw err;
    }
  }
  return out;
}

/** Papers in id order (the report's order, whatever order they finished in). */
function byPaper(a: PaperReport, b: PaperReport): number {
  return a.paper < b.paper ? -1 : a.paper > b.paper ? 1 : 0;
}

/** Entry point: `paperlab reproduce …`. */
export async function main(argv: string[]): Promise<number> {
  let args: ReproduceArgs;
  let servers: ServerEntry[];
  try {
    args = parseReproduceArgs(argv);
    if (args.token && !args.serverUrls.length && !args.serverFiles.length) throw new UsageError("--token only makes sense with --server URL or --servers FILE");
    servers = resolveServers(args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`paperlab reproduce: ${err.message}\n\n${USAGE}`);
      return EXIT_CODES.badInput;
    }
    if (err instanceof ServersFileError) {
      process.stderr.write(`paperlab reproduce: ${err.message}\n`);
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
  const wanted = new Set(args.papers.length ? args.papers : known);
  const papers = found.filter((p) => wanted.has(p.name));
  let parameters: Map<string, Record<string, unknown>>;
  try {
    parameters = paperParameters(papers, args.scale, args.cliParameters);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`paperlab reproduce: ${err.message}\n`);
    return EXIT_CODES.badInput;
  }
  const out = path.resolve(args.out);
  const jobs = args.jobs ?? (servers.length ? servers.length : defaultJobs());
  const hosts = new KernelHosts(servers);
  const progressOut = new Progress(process.stderr, args.quiet);
  const { controller, dispose } = interruptOnSignals(progressOut);
  const transport = servers.length ? `server${servers.length > 1 ? "s" : ""} ${servers.map((s) => s.url).join(", ")}` : "embedded";
  const done: PaperReport[] = [];
  const codes: number[] = [];
  const t0 = Date.now();
  const totals = (): RunTotals => ({
    jobs,
    wallTimeS: Math.round((Date.now() - t0) / 10) / 100,
    cpuTimeS: Math.round(done.reduce((a, p) => a + (p.run && !p.run.cached ? (p.run.cpuTimeS ?? 0) : 0), 0) * 100) / 100,
    ran: done.filter((p) => !p.run?.cached).length,
    cached: done.filter((p) => p.run?.cached).length,
    retried: done.filter((p) => (p.run?.retries.length ?? 0) > 0).length,
  });
  // Rewritten as each paper finishes: a run cut short still leaves every finished paper in the report.
  const write = () => writeReport(buildReport([...done].sort(byPaper), { scale: args.scale, transport, totals: totals() }), out);
  // Each paper's key; with --resume, a paper whose stored result has the same key is not run again.
  const build = buildHash(packageRoot());
  const keys = new Map<string, { key: string; parts: ResultKeyParts }>();
  for (const p of papers) {
    const params = parameters.get(p.name)!;
    const parts: ResultKeyParts = { notebook: notebookHash(p.nb), build, kernel: args.kernel ?? null, scale: args.scale, seed: params.seed ?? null, parameters: params };
    keys.set(p.name, { key: resultKey(parts), parts });
  }
  const toRun: PaperNotebook[] = [];
  for (const p of papers) {
    const stored = args.resume && !args.force ? reusableResult(out, p.name, keys.get(p.name)!.key) : null;
    if (!stored) {
      toRun.push(p);
      continue;
    }
    const report: PaperReport = { ...stored.report, run: stored.report.run ? { ...stored.report.run, cached: true } : undefined };
    done.push(report);
    codes.push(report.exitCode === 0 && report.claims.some((c) => !c.holds) ? EXIT_CLAIM_FAILED : report.exitCode);
    new Progress(process.stderr, args.quiet, `${p.name} `, true).note(`cached: ${report.message}; ${report.claims.length} claims, ${report.claims.filter((c) => c.holds).length} hold (same notebook, build, scale and parameters as the stored run; --force runs it again)`);
  }
  progressOut.note(`paperlab reproduce: ${toRun.length} paper${toRun.length === 1 ? "" : "s"} to run${done.length ? ` (${done.length} cached)` : ""}, ${jobs} at a time, on ${servers.length ? transport : "local kernels"}`);
  try {
    await runQueue(
      toRun,
      jobs,
      async (p) => {
        const r = await runPaper(p, parameters.get(p.name)!, {
          nbDir,
          out,
          scale: args.scale,
          hosts,
          timeoutS: args.timeoutS,
          kernel: args.kernel,
          signal: controller.signal,
          progress: (paper) => new Progress(process.stderr, args.quiet, `${paper} `, jobs > 1),
        });
        const { key, parts } = keys.get(p.name)!;
        const report: PaperReport = { ...r.report, run: r.report.run ? { ...r.report.run, key } : undefined };
        storeResult(out, { key, parts, report });
        done.push(report);
        codes.push(r.exitCode);
        write();
      },
      controller.signal,
    );
  } finally {
    dispose();
  }
  if (controller.signal.aborted) codes.push(EXIT_CODES.interrupted);
  const report = buildReport([...done].sort(byPaper), { scale: args.scale, transport, totals: totals() });
  const files = writeReport(report, out);
  const s = report.summary;
  const t = report.totals!;
  process.stderr.write(
    `paperlab reproduce: ${s.papers} paper${s.papers === 1 ? "" : "s"}, ${s.notebooksFailed} failed; ${s.claims} claims: ${s.holds} hold, ${s.doesNotHold} do not hold, ${s.notMeasured} not measured; ${t.ran} ran (${t.retried} retried), ${t.cached} cached; ${t.wallTimeS.toFixed(1)} s wall, ${t.cpuTimeS.toFixed(1)} s kernel CPU, ${jobs} at a time; report in ${path.relative(process.cwd(), files.md) || files.md}\n`,
  );
  return combineExitCodes(codes);
}
