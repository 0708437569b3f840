/**
 * The execution loop, shared by both transports: runs a notebook's code cells in order,
 * collects outputs like nbclient (merged streams, display ids, clear_output with wait), records
 * per-cell timing in `metadata.execution` (nbclient's keys), and writes the output notebook
 * after every cell, so an interrupt, a timeout or a dead kernel leaves every finished output on
 * disk. The failing cell carries `metadata.paperlab.status`; the notebook carries
 * `metadata.paperlab.run` (status, exit code, times, parameters, kernel).
 */
import { cellTags, CodeCell, isCodeCell, joinText, Notebook, Output, writeNotebook } from "../notebook/nbformat";
import { Progress } from "./progress";
import { runMessages } from "./messages";
import { ClientMessage, KernelClient, KernelDiedError } from "./types";

/** How a run ended. */
export type RunStatus = "ok" | "error" | "timeout" | "kernel-died" | "interrupted";

/**
 * Exit codes of `paperlab run` (and of each notebook in `paperlab reproduce`):
 * 0 every cell ran; 1 a cell raised an error; 2 bad input (arguments, notebook, parameters,
 * unknown kernel); 3 a cell hit --timeout; 4 the kernel died or failed to start;
 * 130 interrupted (Ctrl-C / SIGINT / SIGTERM).
 */
export const EXIT_CODES = { ok: 0, error: 1, badInput: 2, timeout: 3, "kernel-died": 4, interrupted: 130 } as const;

/** Options of `executeNotebook`. */
export interface ExecuteOptions {
  client: KernelClient;
  /** Written after every cell when set. */
  outPath?: string;
  /** Per-cell limit in seconds (0/undefined: none). On expiry the kernel is interrupted. */
  timeoutS?: number;
  /** Keep going after a cell error (cells tagged `raises-exception` always may fail). */
  allowErrors?: boolean;
  progress?: Progress;
  /** Aborting it interrupts the running cell and ends the run with status `interrupted`. */
  signal?: AbortSignal;
  /** Seconds to wait for the kernel to go idle after an interrupt before giving up on it. */
  interruptGraceS?: number;
  /** Recorded in `metadata.paperlab.run`. */
  runInfo?: Record<string, unknown>;
  /** Send a silent empty request before the first cell, outside every cell's timeout (default true). */
  warmUp?: boolean;
}

/** What `executeNotebook` returns; the notebook is also on disk when `outPath` was given. */
export interface RunResult {
  status: RunStatus;
  exitCode: number;
  nb: Notebook;
  /** 1-based index (among all cells) of the cell that failed, when one did. */
  failedCell?: number;
  /** One line saying what happened. */
  message: string;
  /** Cells that raised an error but were allowed to (`--allow-errors`, `raises-exception`). */
  allowedErrors: number;
  durationS: number;
}

/** Collects one cell's outputs from IOPub messages, the way nbclient does. */
export class OutputCollector {
  private clearOnNext = false;
  constructor(
    private readonly cell: CodeCell,
    /** display_id → outputs showing it (shared across cells of a run). */
    private readonly displays: Map<string, Output[]>,
    private readonly onChange: () => void = () => {},
  ) {}

  private push(o: Output): void {
    if (this.clearOnNext) {
      this.cell.outputs.length = 0;
      this.clearOnNext = false;
    }
    this.cell.outputs.push(o);
  }

  /** Applies one IOPub message to the cell. */
  handle(m: ClientMessage): void {
    const c = m.content;
    const exec = (this.cell.metadata.execution ??= {}) as Record<string, string>;
    switch (m.header.msg_type) {
      case "status":
        if (c.execution_state === "busy") exec["iopub.status.busy"] = stamp(m);
        if (c.execution_state === "idle") exec["iopub.status.idle"] = stamp(m);
        return;
      case "execute_input":
        exec["iopub.execute_input"] = stamp(m);
        if (typeof c.execution_count === "number") this.cell.execution_count = c.execution_count;
        return;
      case "stream": {
        const name = c.name === "stderr" ? "stderr" : "stdout";
        const last = this.cell.outputs[this.cell.outputs.length - 1];
        if (!this.clearOnNext && last && last.output_type === "stream" && last.name === name) last.text = joinText(last.text) + String(c.text ?? "");
        else this.push({ output_type: "stream", name, text: String(c.text ?? "") });
        break;
      }
      case "display_data":
      case "execute_result": {
        const o: Output =
          m.header.msg_type === "execute_result"
            ? { output_type: "execute_result", data: obj(c.data), metadata: obj(c.metadata), execution_count: typeof c.execution_count === "number" ? c.execution_count : this.cell.execution_count ?? null }
            : { output_type: "display_data", data: obj(c.data), metadata: obj(c.metadata) };
        this.push(o);
        const id = obj(c.transient).display_id;
        if (typeof id === "string") {
          const list = this.displays.get(id) ?? [];
          list.push(o);
          this.displays.set(id, list);
        }
        break;
      }
      case "update_display_data": {
        const id = obj(c.transient).display_id;
        for (const o of (typeof id === "string" && this.displays.get(id)) || []) {
          if (o.output_type === "display_data" || o.output_type === "execute_result") {
            o.data = obj(c.data);
            o.metadata = obj(c.metadata);
          }
        }
        break;
      }
      case "clear_output":
        if (c.wait) this.clearOnNext = true;
        else {
          this.cell.outputs.length = 0;
          this.clearOnNext = false;
        }
        break;
      case "error":
        this.push({ output_type: "error", ename: String(c.ename ?? "Error"), evalue: String(c.evalue ?? ""), traceback: Array.isArray(c.traceback) ? c.traceback.map(String) : [] });
        break;
      default:
        return;
    }
    this.onChange();
  }
}

function obj(x: unknown): Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
}

function stamp(m: ClientMessage): string {
  return typeof m.header.date === "string" && m.header.date ? m.header.date : new Date().toISOString();
}

function errorOutput(ename: string, evalue: string): Output {
  return { output_type: "error", ename, evalue, traceback: [`${ename}: ${evalue}`] };
}

type Outcome = { kind: "reply"; reply: ClientMessage } | { kind: "timeout" } | { kind: "interrupted" } | { kind: "died"; reason: string };

/**
 * Executes every code cell of `nb` (a copy is made; outputs of the source are cleared first,
 * as papermill does, so a stale output never passes for a fresh one).
 */
export async function executeNotebook(source: Notebook, opts: ExecuteOptions): Promise<RunResult> {
  const nb: Notebook = JSON.parse(JSON.stringify(source));
  const t0 = Date.now();
  const started = new Date(t0).toISOString();
  const { client } = opts;
  for (const c of nb.cells) {
    if (!isCodeCell(c)) continue;
    c.outputs = [];
    c.execution_count = null;
    delete c.metadata.execution;
    if (c.metadata.paperlab !== undefined) delete c.metadata.paperlab;
  }
  const li = obj(client.info.language_info);
  if (Object.keys(li).length) nb.metadata.language_info = li as Notebook["metadata"]["language_info"];
  const displays = new Map<string, Output[]>();
  const codeCells = nb.cells.map((c, i) => [c, i] as const).filter(([c]) => isCodeCell(c) && joinText(c.source).trim() !== "");
  let status: RunStatus = "ok";
  let failedCell: number | undefined;
  let message = runMessages.allRan(codeCells.length);
  let allowedErrors = 0;

  const save = (final: boolean) => {
    const run: Record<string, unknown> = {
      ...(opts.runInfo ?? {}),
      status: final ? status : "running",
      exit_code: final ? EXIT_CODES[status] : null,
      kernel: client.description,
      started,
      ended: final ? new Date().toISOString() : null,
      duration_s: Math.round((Date.now() - t0) / 10) / 100,
    };
    if (failedCell !== undefined) run.failed_cell = failedCell;
    nb.metadata.paperlab = { ...obj(nb.metadata.paperlab), run };
    if (opts.outPath) writeNotebook(opts.outPath, nb);
  };

  const interrupted = new Promise<"interrupted">((resolve) => {
    if (opts.signal?.aborted) resolve("interrupted");
    opts.signal?.addEventListener("abort", () => resolve("interrupted"), { once: true });
  });
  const grace = (opts.interruptGraceS ?? 5) * 1000;

  // Warm up with a silent empty request before the first cell: a kernel that loads its
  // libraries lazily (the paperlab kernel builds its type checker and preloads TensorFlow.js on
  // the first request) would otherwise charge that to the first cell's --timeout.
  if (opts.warmUp !== false && codeCells.length) {
    opts.progress?.note("warming up the kernel…");
    const warm = client.execute("", () => {}, { silent: true }).then(
      () => null,
      (err) => (err instanceof KernelDiedError ? err.message : String(err)),
    );
    const died = await Promise.race([warm, interrupted.then(() => null)]);
    if (died !== null) {
      status = "kernel-died";
      message = runMessages.diedWarmingUp(died);
      codeCells.length = 0;
    } else if (opts.signal?.aborted) {
      status = "interrupted";
      message = runMessages.interruptedWarmingUp();
      codeCells.length = 0;
    }
  }

  for (let k = 0; k < codeCells.length; k++) {
    const [cell, index] = codeCells[k] as readonly [CodeCell, number];
    const code = joinText(cell.source);
    opts.progress?.cellStart(k + 1, codeCells.length, code);
    const collector = new OutputCollector(cell, displays);
    const exec = client.execute(code, (m) => collector.handle(m));
    exec.catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const timedOut = opts.timeoutS ? new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), opts.timeoutS! * 1000))) : new Promise<never>(() => {});
    const settle = (p: Promise<ClientMessage>): Promise<Outcome> =>
      p.then(
        (reply) => ({ kind: "reply", reply }) as Outcome,
        (err) => ({ kind: "died", reason: err instanceof KernelDiedError ? err.message : String(err) }) as Outcome,
      );
    let outcome: Outcome = await Promise.race([
      settle(exec),
      timedOut.then(() => ({ kind: "timeout" }) as Outcome),
      interrupted.then(() => ({ kind: "interrupted" }) as Outcome),
    ]);
    clearTimeout(timer);
    if (outcome.kind === "timeout" || outcome.kind === "interrupted") {
      // Interrupt the kernel and give the cell a moment to report (KeyboardInterrupt, final
      // output). An interrupt that lands before the kernel starts the cell is lost (a kernel
      // ignores SIGINT while idle), so repeat it each second of the grace period.
      const settled = settle(exec);
      let after: Outcome | null = null;
      for (let waited = 0; waited < grace && !after; waited += 1000) {
        await client.interrupt();
        after = await Promise.race([settled, new Promise<null>((r) => setTimeout(() => r(null), Math.min(1000, grace - waited)).unref())]);
      }
      if (after?.kind === "died") outcome = after;
    }
    const cellNo = index + 1;
    let cellStatus: RunStatus | "allowed-error" = "ok";
    switch (outcome.kind) {
      case "reply": {
        const r = outcome.reply;
        const exec = (cell.metadata.execution ??= {}) as Record<string, string>;
        exec["shell.execute_reply"] = stamp(r);
        if (typeof r.metadata.started === "string") exec["shell.execute_reply.started"] = r.metadata.started;
        if (typeof r.content.execution_count === "number") cell.execution_count = r.content.execution_count;
        if (r.content.status !== "ok") {
          if (r.content.status === "error" && !cell.outputs.some((o) => o.output_type === "error")) {
            cell.outputs.push(errorOutput(String(r.content.ename ?? "Error"), String(r.content.evalue ?? "")));
          }
          if (opts.allowErrors || cellTags(cell).includes("raises-exception")) {
            cellStatus = "allowed-error";
            allowedErrors++;
          } else {
            cellStatus = "error";
            const e = cell.outputs.find((o) => o.output_type === "error") as { ename: string; evalue: string } | undefined;
            message = runMessages.cellRaised(cellNo, e ? `${e.ename}: ${e.evalue}` : `an error (${r.content.status})`);
          }
        }
        break;
      }
      case "timeout":
        cellStatus = "timeout";
        message = runMessages.cellTimeout(cellNo, opts.timeoutS);
        if (!cell.outputs.some((o) => o.output_type === "error")) cell.outputs.push(errorOutput("CellTimeoutError", message));
        break;
      case "interrupted":
        cellStatus = "interrupted";
        message = runMessages.interrupted(cellNo);
        if (!cell.outputs.some((o) => o.output_type === "error")) cell.outputs.push(errorOutput("KeyboardInterrupt", message));
        break;
      case "died":
        cellStatus = "kernel-died";
        message = runMessages.kernelDied(cellNo, outcome.reason);
        cell.outputs.push(errorOutput("DeadKernelError", outcome.reason));
        break;
    }
    opts.progress?.cellEnd(k + 1, codeCells.length, cellStatus);
    if (cellStatus !== "ok" && cellStatus !== "allowed-error") {
      status = cellStatus;
      failedCell = cellNo;
      cell.metadata.paperlab = { ...obj(cell.metadata.paperlab), status: cellStatus };
      break;
    }
    if (k < codeCells.length - 1) save(false);
  }
  save(true);
  if (status === "ok" && allowedErrors) message += ` (${allowedErrors} raised an allowed error)`;
  return { status, exitCode: EXIT_CODES[status], nb, failedCell, message, allowedErrors, durationS: (Date.now() - t0) / 1000 };
}
