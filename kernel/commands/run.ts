/**
 * `paperlab run NOTEBOOK.ipynb [-o OUT.ipynb] [-p NAME VALUE]… [-f params.json|yaml]
 *  [--timeout S] [--allow-errors] [--kernel NAME] [--server URL [--token T]]`
 *
 * Executes a notebook headless and writes the executed copy after every cell. Exit codes:
 * 0 ok, 1 a cell raised an error, 2 bad input, 3 a cell hit --timeout, 4 the kernel died (or
 * did not start), 130 interrupted (Ctrl-C, SIGTERM).
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { EXIT_CODES, Progress, runNotebookFile, RunFailure, RunResult } from "../client";
import { splitServerUrl } from "../client/server-client";

export const USAGE = `usage: paperlab run NOTEBOOK.ipynb [options]

Executes every code cell and writes the executed notebook after each cell.

options:
  -o, --output OUT.ipynb   where to write (default: NOTEBOOK.out.ipynb next to the input)
  -p, --parameter NAME VALUE
                           set a parameter of the cell tagged 'parameters' (repeatable); the value is
                           typed from the default: string defaults take VALUE as is, numbers and
                           booleans parse it, others parse it as JSON
  -r, --raw-parameter NAME VALUE
                           set a parameter to the string VALUE
  -f, --parameters-file F  parameters from a JSON or YAML file (an object); -p overrides it
  --timeout S              per-cell limit in seconds; the kernel is interrupted and the run stops
  --allow-errors           keep going after a cell error (exit 0); cells tagged
                           'raises-exception' may always fail
  --kernel NAME            kernelspec (default: the notebook's, else 'paperlab')
  --server URL             run on a Jupyter Server instead of launching the kernel here
  --token T                the server's token (default: $JUPYTER_TOKEN)
  --start-timeout S        seconds to wait for the kernel to start (default 120)
  -q, --quiet              no progress lines

TypeScript notebooks declare parameters with let (\`let steps = 100;\`): the injected cell
assigns them, which a const would refuse.

exit codes: 0 ok, 1 cell error, 2 bad input, 3 timeout, 4 kernel died (or did not start),
130 interrupted
`;

/** Parsed command line of `paperlab run`. */
export interface RunArgs extends SharedArgs {
  input: string;
  output?: string;
  cliParameters: Array<[string, string]>;
  rawParameters: Array<[string, string]>;
  parameterFiles: string[];
  allowErrors: boolean;
  startTimeoutS?: number;
}

/** Bad command line; the message says which option and why. */
export class UsageError extends Error {}

function positiveNumber(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs a positive number of seconds, got ${v === undefined ? "nothing" : `'${v}'`}`);
  return n;
}

/** Options that `run` and `reproduce` share: kernel, transport, per-cell timeout, quiet, help. */
export interface SharedArgs {
  timeoutS?: number;
  kernel?: string;
  server?: string;
  token?: string;
  quiet: boolean;
  help: boolean;
}

/**
 * Applies `arg` to `a` when it is a shared option, reading its value with `next` (undefined when argv
 * ran out); returns false for any other argument. Throws `UsageError`.
 */
export function parseSharedOption(arg: string, next: () => string | undefined, a: SharedArgs): boolean {
  const value = (): string => {
    const v = next();
    if (v === undefined) throw new UsageError(`${arg} needs a value`);
    return v;
  };
  switch (arg) {
    case "--timeout":
      a.timeoutS = positiveNumber(arg, next());
      return true;
    case "--kernel":
      a.kernel = value();
      return true;
    case "--server": {
      // `http://host:port/?token=T` as Jupyter prints it: the token moves to --token, out of every message.
      const { baseUrl, token } = splitServerUrl(value());
      a.server = baseUrl;
      if (token && !a.token) a.token = token;
      return true;
    }
    case "--token":
      a.token = value();
      return true;
    case "-q":
    case "--quiet":
      a.quiet = true;
      return true;
    case "-h":
    case "--help":
      a.help = true;
      return true;
    default:
      return false;
  }
}

/** Parses argv (without `run`). Throws `UsageError`. */
export function parseRunArgs(argv: string[]): RunArgs {
  const a: RunArgs = { input: "", cliParameters: [], rawParameters: [], parameterFiles: [], allowErrors: false, quiet: false, help: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const pair = (): [string, string] => {
      const name = argv[++i];
      const v = argv[++i];
      if (name === undefined || v === undefined) throw new UsageError(`${arg} needs NAME and VALUE`);
      return [name, v];
    };
    switch (arg) {
      case "-o":
      case "--output":
        a.output = value();
        break;
      case "-p":
      case "--parameter":
        a.cliParameters.push(pair());
        break;
      case "-r":
      case "--raw-parameter":
        a.rawParameters.push(pair());
        break;
      case "-f":
      case "--parameters-file":
        a.parameterFiles.push(value());
        break;
      case "--start-timeout":
        a.startTimeoutS = positiveNumber(arg, argv[++i]);
        break;
      case "--allow-errors":
        a.allowErrors = true;
        break;
      default:
        if (parseSharedOption(arg, () => argv[++i], a)) break;
        if (arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown option ${arg}`);
        positional.push(arg);
    }
  }
  if (a.help) return a;
  if (positional.length !== 1) throw new UsageError(positional.length ? `expected one notebook, got ${positional.length}: ${positional.join(" ")}` : "expected a notebook to run");
  a.input = positional[0];
  if (a.token && !a.server) throw new UsageError("--token only makes sense with --server URL");
  return a;
}

/** Reads a JSON or YAML parameters file; must hold an object. */
export function readParametersFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read parameters file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new UsageError(`parameters file ${file} is not valid ${/\.ya?ml$/i.test(file) ? "YAML" : "JSON"}: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new UsageError(`parameters file ${file} must hold an object of NAME: VALUE`);
  return value as Record<string, unknown>;
}

/** The default output path: NOTEBOOK.out.ipynb next to the input. */
export function defaultOutput(input: string): string {
  return path.join(path.dirname(input), `${path.basename(input, ".ipynb")}.out.ipynb`);
}

/**
 * Installs SIGINT/SIGTERM handlers that abort the returned controller (a second Ctrl-C exits at
 * once; the exit hook still kills the kernel). Call the returned `dispose` when done.
 */
export function interruptOnSignals(progress?: Progress): { controller: AbortController; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT_CODES.interrupted);
    progress?.note(`${sig}: interrupting the kernel and saving finished cells (again to quit now)…`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    controller,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

/** True when a run produced a notebook (as opposed to failing before the kernel ran). */
export function isRunResult(r: RunResult | RunFailure): r is RunResult {
  return "nb" in r;
}

/** Entry point: `paperlab run …`. */
export async function main(argv: string[]): Promise<number> {
  let args: RunArgs;
  let parameters: Record<string, unknown> = {};
  try {
    args = parseRunArgs(argv);
    if (args.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    for (const f of args.parameterFiles) parameters = { ...parameters, ...readParametersFile(f) };
    for (const [k, v] of args.rawParameters) parameters[k] = v;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`paperlab run: ${err.message}\n\n${USAGE}`);
      return EXIT_CODES.badInput;
    }
    throw err;
  }
  const output = args.output ?? defaultOutput(args.input);
  const progress = new Progress(process.stderr, args.quiet);
  const { controller, dispose } = interruptOnSignals(progress);
  try {
    const r = await runNotebookFile({
      input: args.input,
      output,
      parameters,
      cliParameters: args.cliParameters,
      timeoutS: args.timeoutS,
      allowErrors: args.allowErrors,
      kernel: args.kernel,
      server: args.server,
      token: args.token ?? (args.server ? process.env.JUPYTER_TOKEN : undefined),
      startTimeoutS: args.startTimeoutS,
      progress,
      signal: controller.signal,
    });
    if (isRunResult(r)) {
      const line = `${r.status === "ok" ? "ok" : r.status}: ${r.message}; wrote ${output} (${r.durationS.toFixed(1)} s)`;
      process.stderr.write(`paperlab run: ${line}\n`);
    } else {
      process.stderr.write(`paperlab run: ${r.message}\n`);
    }
    return r.exitCode;
  } finally {
    dispose();
  }
}
