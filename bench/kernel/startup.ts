/**
 * Kernel startup benchmark: time from process start to the first `idle` after kernel_info, and
 * the round trip of a trivial cell (`1 + 1`, measured after a first warm-up cell; wall time, and the
 * kernel process's CPU time per cell, which a shared machine's load does not inflate), for paperlab
 * and for tslab's own kernel on this machine. Prints both and the ratios.
 *
 *   node dist/bench/kernel/startup.js [--runs N]
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zmq from "zeromq";
import { decode, encode, newHeader, Signer } from "../../kernel/wire";
import { ConnectionInfo, Message } from "../../kernel/messages";
import { writeConnectionFile, ROOT } from "../../tests/kernel/kernel-client";

interface Sample {
  startToIdleMs: number;
  /** Process start to the first cell's idle: what a user waits for before seeing a result. */
  startToFirstResultMs: number;
  firstCellMs: number;
  cellMs: number;
  /** Kernel process CPU time per trivial cell (user + system, all threads; Linux /proc), NaN elsewhere. */
  cellCpuMs: number;
}

/** Clock ticks per second of /proc/<pid>/stat times. */
const CLK_TCK = (() => {
  const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  const n = Number(r.stdout);
  return r.status === 0 && n > 0 ? n : 100;
})();

/** CPU time (ms, user + system) a process has used so far, or NaN where /proc is missing. */
function processCpuMs(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the ")" that ends the command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** Trivial cells timed after the first (their median is the round trip; their CPU time is averaged). */
const ROUND_TRIPS = 20;

async function measure(argv: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-bench-"));
  const { file, info } = await writeConnectionFile(dir);
  const args = argv.map((a) => a.replace("{connection_file}", file));
  const t0 = performance.now();
  const proc = spawn(args[0], args.slice(1), { cwd: dir, env: { ...process.env, JUPYTER_DATA_DIR: path.join(dir, "j"), ...env }, stdio: "ignore" });
  const signer = new Signer(info.key, info.signature_scheme);
  const session = "bench";
  const shell = new zmq.Dealer({ routingId: session });
  const iopub = new zmq.Subscriber();
  const url = (p: number) => `tcp://${(info as ConnectionInfo).ip}:${p}`;
  shell.connect(url(info.shell_port));
  iopub.connect(url(info.iopub_port));
  iopub.subscribe();
  const idle = new Set<string>();
  let wake: () => void = () => undefined;
  void (async () => {
    try {
      for await (const f of iopub) {
        const m: Message = decode(f as Buffer[], signer);
        if (m.header.msg_type === "status" && m.content.execution_state === "idle") idle.add(String(m.parent_header.msg_id));
        wake();
      }
    } catch {
      /* closed */
    }
  })();
  const send = (type: string, content: Record<string, unknown>): string => {
    const header = newHeader(type, session);
    void shell.send(encode({ identities: [], header, parent_header: {}, metadata: {}, content }, signer));
    return header.msg_id;
  };
  const waitIdle = async (id: string, ms: number): Promise<boolean> => {
    const end = performance.now() + ms;
    while (!idle.has(id)) {
      if (performance.now() > end) return false;
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 20);
      });
    }
    return true;
  };
  let startToIdleMs = NaN;
  for (let i = 0; i < 600; i++) {
    const id = send("kernel_info_request", {});
    if (await waitIdle(id, 100)) {
      startToIdleMs = performance.now() - t0;
      break;
    }
  }
  const cell = async (code: string) => {
    const t = performance.now();
    const id = send("execute_request", { code, silent: false, store_history: true, allow_stdin: false, stop_on_error: true });
    if (!(await waitIdle(id, 300000))) throw new Error(`cell ${code} did not finish`);
    return performance.now() - t;
  };
  const firstCellMs = await cell("1 + 1");
  const startToFirstResultMs = performance.now() - t0;
  const rounds: number[] = [];
  const cpu0 = processCpuMs(proc.pid);
  for (let i = 0; i < ROUND_TRIPS; i++) rounds.push(await cell("1 + 1"));
  const cellCpuMs = (processCpuMs(proc.pid) - cpu0) / ROUND_TRIPS;
  rounds.sort((a, b) => a - b);
  send("shutdown_request", { restart: false });
  await new Promise((r) => setTimeout(r, 300));
  proc.kill("SIGKILL");
  shell.close();
  iopub.close();
  return { startToIdleMs, startToFirstResultMs, firstCellMs, cellMs: rounds[Math.floor(rounds.length / 2)], cellCpuMs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const i = process.argv.indexOf("--runs");
  const runs = i > 0 ? Number(process.argv[i + 1]) : 3;
  const tslabBin = path.join(path.dirname(require.resolve("tslab/package.json")), "bin", "tslab");
  const kernels: Record<string, { argv: string[]; env: NodeJS.ProcessEnv }> = {
    tslab: { argv: [process.execPath, tslabBin, "kernel", "--config-path", "{connection_file}"], env: {} },
    paperlab: { argv: [process.execPath, path.join(ROOT, "bin", "paperlab.js"), "kernel", "start", "-f", "{connection_file}"], env: {} },
  };
  // Interleaved (tslab, paperlab, tslab, …) so that a load change on a shared machine hits both alike.
  const all: Record<string, Sample[]> = Object.fromEntries(Object.keys(kernels).map((n) => [n, []]));
  for (let r = 0; r < runs; r++) for (const [name, k] of Object.entries(kernels)) all[name].push(await measure(k.argv, k.env));
  const results: Record<string, Sample> = {};
  for (const [name, samples] of Object.entries(all)) {
    results[name] = {
      startToIdleMs: median(samples.map((s) => s.startToIdleMs)),
      startToFirstResultMs: median(samples.map((s) => s.startToFirstResultMs)),
      firstCellMs: median(samples.map((s) => s.firstCellMs)),
      cellMs: median(samples.map((s) => s.cellMs)),
      cellCpuMs: median(samples.map((s) => s.cellCpuMs)),
    };
  }
  const f = (x: number) => x.toFixed(0).padStart(8);
  const f1 = (x: number) => x.toFixed(1).padStart(8);
  console.log(`kernel      start→idle   first cell   start→first result   cell round trip   cell CPU   (median of ${runs} runs, ms)`);
  for (const [n, s] of Object.entries(results)) {
    console.log(`${n.padEnd(10)}${f(s.startToIdleMs)}     ${f(s.firstCellMs)}     ${f(s.startToFirstResultMs)}            ${f(s.cellMs)}   ${f1(s.cellCpuMs)}`);
  }
  const p = results.paperlab;
  const t = results.tslab;
  console.log(`ratio paperlab/tslab: start ${(p.startToIdleMs / t.startToIdleMs).toFixed(2)}x (goal ≤ 1.5x), start→first result ${(p.startToFirstResultMs / t.startToFirstResultMs).toFixed(2)}x, cell round trip ${(p.cellMs / t.cellMs).toFixed(2)}x (goal ≤ 1x), cell CPU ${(p.cellCpuMs / t.cellCpuMs).toFixed(2)}x`);
  process.exit(0);
}

void main();
