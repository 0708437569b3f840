/**
 * kernel/client: run a notebook headless on a kernel we launch (ZeroMQ) or on a Jupyter Server.
 * `runNotebookFile` is the whole job of `paperlab run` and of each paper in `paperlab reproduce`.
 */
import { randomUUID } from "crypto";
import * as os from "os";
import * as path from "path";
import { Notebook, NotebookError, readNotebook } from "../notebook/nbformat";
import { injectParameters, NotebookParameters, ParameterError, paramLanguage, readParameters, typeParameters } from "../notebook/parameters";
import { EXIT_CODES, executeNotebook, RunResult } from "./execute-notebook";
import { findKernelSpec, KernelSpec, PAPERLAB_KERNEL, standInKernel } from "./kernelspec";
import { Progress } from "./progress";
import { ServerKernel } from "./server-client";
import { KernelClient, KernelDiedError, KernelPlacement, KernelStartError } from "./types";
import { kernelCpuSeconds } from "./usage";
import { EmbeddedKernel } from "./zmq-client";

export * from "./types";
export { EXIT_CODES, executeNotebook, OutputCollector } from "./execute-notebook";
export type { RunResult, RunStatus, ExecuteOptions } from "./execute-notebook";
export { findKernelSpec, listKernelSpecs, paperlabJavaScriptSpec, paperlabKernelSpec, packageRoot, PAPERLAB_KERNEL, standInKernel } from "./kernelspec";
export type { KernelSpec } from "./kernelspec";
export { EmbeddedKernel, freePorts, writeConnectionFile } from "./zmq-client";
export { ServerKernel } from "./server-client";
export { Progress } from "./progress";
export { kernelCpuSeconds } from "./usage";
export { runMessages } from "./messages";

/** Where the kernel comes from. */
export interface TransportOptions {
  /** Kernel name (kernelspec). Default: the notebook's `metadata.kernelspec.name`, else `paperlab`. */
  kernel?: string;
  /** Jupyter Server base URL; absent: launch the kernel here (embedded). */
  server?: string;
  token?: string;
  /** Seconds to wait for the kernel to start. */
  startTimeoutS?: number;
  /** Embedded only: seconds of heartbeat silence before the kernel counts as dead (0: off). */
  heartbeatTimeoutS?: number;
  /** Embedded only: extra environment for the kernel process (`reproduce` pins the WASM thread count here). */
  env?: Record<string, string>;
}

/** Everything `runNotebookFile` needs. */
export interface RunFileOptions extends TransportOptions {
  input: string;
  output: string;
  /** Typed values (from -f files). */
  parameters?: Record<string, unknown>;
  /** Untyped `-p NAME VALUE` pairs, typed against the parameters cell. */
  cliParameters?: Array<[string, string]>;
  timeoutS?: number;
  allowErrors?: boolean;
  progress?: Progress;
  signal?: AbortSignal;
  /** Recorded in the notebook's `metadata.paperlab.run`. */
  runInfo?: Record<string, unknown>;
  /**
   * The notebook at `input`, already read (by `paperlab reproduce`'s paper scan): it is not read again,
   * and its parsed parameters cell is used when the run's language is the one it was parsed as.
   */
  notebook?: { nb: Notebook; parameters?: NotebookParameters };
  /** Ask the kernel for its CPU time before shutting it down (`placement.cpuTimeS`). */
  measureCpu?: boolean;
}

/** Where the run's kernel ran (absent when the run failed before choosing one). */
export interface Placed {
  placement?: KernelPlacement;
}

/** The result of a run that could not start (bad input or no kernel). */
export interface RunFailure {
  status: "bad-input" | "kernel-died" | "interrupted";
  exitCode: number;
  message: string;
}

/** Starts the kernel for a notebook: embedded from its kernelspec, or on a server. */
export async function openKernel(opts: TransportOptions & { kernelName: string; spec?: KernelSpec; notebookPath: string; cwd: string }): Promise<KernelClient> {
  if (opts.server) {
    return ServerKernel.connect({
      url: opts.server,
      token: opts.token,
      kernelName: opts.kernelName,
      // A server reuses the session (and kernel) of a path it already has: a unique path per
      // run keeps two runs of one notebook, or a leftover session, from sharing a kernel.
      path: `${path.basename(opts.notebookPath, ".ipynb")}.paperlab-${randomUUID().slice(0, 8)}.ipynb`,
      startTimeoutS: opts.startTimeoutS,
    });
  }
  return EmbeddedKernel.launch(opts.spec ?? findKernelSpec(opts.kernelName), {
    cwd: opts.cwd,
    startTimeoutS: opts.startTimeoutS,
    heartbeatTimeoutS: opts.heartbeatTimeoutS,
    env: opts.env,
  });
}

/**
 * Reads `input`, injects parameters, starts a kernel, executes every cell and writes `output`
 * after each one. Never throws for the expected failures: they come back with their exit code.
 */
export async function runNotebookFile(opts: RunFileOptions): Promise<(RunResult | RunFailure) & Placed> {
  const bad = (message: string): RunFailure => ({ status: "bad-input", exitCode: EXIT_CODES.badInput, message });
  let nb: Notebook;
  try {
    nb = opts.notebook?.nb ?? readNotebook(opts.input);
  } catch (err) {
    if (err instanceof NotebookError) return bad(err.message);
    throw err;
  }
  let kernelName = opts.kernel ?? nb.metadata.kernelspec?.name ?? PAPERLAB_KERNEL;
  let spec: KernelSpec | undefined;
  let standIn: string | undefined;
  if (!opts.server) {
    try {
      spec = findKernelSpec(kernelName);
    } catch (err) {
      if (!(err instanceof KernelStartError)) throw err;
      // The notebook's own kernel (tslab, deno, jslab) is not installed: paperlab runs its language.
      const sub = opts.kernel === undefined ? standInKernel(kernelName, nb.metadata.kernelspec?.language || nb.metadata.language_info?.name) : null;
      if (!sub) return bad(err.message);
      opts.progress?.note(sub.note);
      standIn = kernelName;
      spec = sub.spec;
      kernelName = sub.spec.name;
    }
  }
  const hasParams = Object.keys(opts.parameters ?? {}).length + (opts.cliParameters?.length ?? 0) > 0;
  let typed: Record<string, unknown> = {};
  const inject = (language: string | undefined): Notebook => {
    const lang = paramLanguage(language);
    const read = opts.notebook?.parameters;
    const params = read?.language === lang ? read : readParameters(nb, lang); // the cell is parsed once per run
    typed = { ...(opts.parameters ?? {}), ...typeParameters(params, opts.cliParameters ?? []) };
    return injectParameters(nb, params, typed);
  };
  const knownLanguage = spec?.language || nb.metadata.kernelspec?.language || nb.metadata.language_info?.name;
  let prepared: Notebook | null = null;
  if (!hasParams) prepared = nb;
  else if (knownLanguage) {
    try {
      prepared = inject(knownLanguage);
    } catch (err) {
      if (err instanceof ParameterError) return bad(err.message);
      throw err;
    }
  }
  if (!nb.metadata.kernelspec && spec) {
    (prepared ?? nb).metadata.kernelspec = { name: spec.name, display_name: spec.display_name, language: spec.language };
  }
  if (opts.signal?.aborted) return { status: "interrupted", exitCode: EXIT_CODES.interrupted, message: "interrupted before the kernel started" };
  const input = path.resolve(opts.input);
  opts.progress?.note(`starting ${opts.server ? `kernel '${kernelName}' on ${opts.server}` : `kernel '${kernelName}'`}…`);
  let client: KernelClient;
  try {
    client = await openKernel({ ...opts, kernelName, spec, notebookPath: input, cwd: path.dirname(input) });
  } catch (err) {
    if (err instanceof KernelStartError || err instanceof KernelDiedError) {
      const placement: KernelPlacement = { transport: opts.server ? "server" : "local", host: opts.server ?? os.hostname(), kernelId: null, kernelName, cpuTimeS: null };
      return { status: "kernel-died", exitCode: EXIT_CODES["kernel-died"], message: err.message, placement };
    }
    throw err;
  }
  const placement: KernelPlacement = { transport: client.transport, host: client.host, kernelId: client.id, kernelName, cpuTimeS: null };
  try {
    if (!prepared) {
      const li = client.info.language_info as { name?: string } | undefined;
      try {
        prepared = inject(li?.name);
      } catch (err) {
        if (err instanceof ParameterError) return bad(err.message);
        throw err;
      }
    }
    const result = await executeNotebook(prepared, {
      client,
      outPath: opts.output,
      timeoutS: opts.timeoutS,
      allowErrors: opts.allowErrors,
      progress: opts.progress,
      signal: opts.signal,
      runInfo: { ...(opts.runInfo ?? {}), input: path.basename(opts.input), parameters: typed, ...(standIn ? { standInFor: standIn } : {}) },
    });
    // A dead kernel cannot answer, and an interrupted run should end now.
    if (opts.measureCpu && result.status !== "kernel-died" && result.status !== "interrupted") placement.cpuTimeS = await kernelCpuSeconds(client);
    return { ...result, placement };
  } finally {
    await client.shutdown();
  }
}

