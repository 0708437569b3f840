/**
 * `paperlab bench [--json] [--backends wasm,cpu] [--only NAME,...] [--budget-ms MS] [--rounds N] [--no-torch]`
 *
 * Runs the same workloads (lib/core/bench/workloads.ts) in PyTorch (bench/torch/bench.py with Debian's python3-torch,
 * same shapes, same thread count) and in this library on each backend, in one run, and prints rows
 * workload / backend / ms / PyTorch ms / ratio (ms ÷ PyTorch ms). Without PyTorch it says so and prints the tfjs rows.
 * ms is the median per step (`--stat min`: the fastest step, steadier on a shared machine), on both sides.
 * `--rounds N` interleaves: N rounds of (PyTorch, then tfjs on the first backend), each with its own ratio; the row
 * reports the median over rounds of ms, of PyTorch ms and of the per-round ratios (so a load spike on a shared machine
 * moves one round, not the ratio). The cpu backend, if asked for, is measured once. `--clock cpu` times each step in
 * process CPU time on both sides (Node's process.cpuUsage, Python's time.process_time) instead of wall time: on a
 * machine shared with other jobs, wall time includes waiting for a core and CPU time does not.
 */
import * as path from "path";
import * as fs from "fs";
import { spawnSync } from "child_process";
import * as tf from "@tensorflow/tfjs";
import { initBackend, parseBackendName } from "../backend";
import { TRAINING_WORKLOADS, WORKLOADS, timeWorkload } from "./workloads";

/** One result row. */
export interface BenchRow {
  workload: string;
  backend: string;
  ms: number;
  torchMs: number | null;
  ratio: number | null;
}

/** Parsed command line. */
export interface Options {
  json: boolean; backends: string[] | null; only: string[] | null; budgetMs: number; torch: boolean; stat: "median" | "min";
  rounds: number; clock: "wall" | "cpu";
}

const USAGE = "usage: paperlab bench [--json] [--backends wasm,cpu] [--only NAME,...] [--budget-ms MS] [--stat median|min] [--rounds N] [--clock wall|cpu] [--no-torch]\n" +
  `workloads: ${WORKLOADS.map((w) => w.name).join(", ")}\n`;

/** Parses `paperlab bench` arguments; throws a usage error naming the bad option. */
export function parseArgs(argv: string[]): Options {
  const o: Options = { json: false, backends: null, only: null, budgetMs: 1000, torch: true, stat: "median", rounds: 1, clock: "wall" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`paperlab bench: ${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === "--json") o.json = true;
    else if (a === "--no-torch") o.torch = false;
    else if (a === "--backends") o.backends = next().split(",").map((b) => parseBackendName(b, "--backends"));
    else if (a === "--only") o.only = next().split(",");
    else if (a === "--budget-ms") o.budgetMs = Number(next());
    else if (a === "--clock") {
      const v = next();
      if (v !== "wall" && v !== "cpu") throw new Error(`paperlab bench: --clock is wall or cpu, got '${v}'`);
      o.clock = v;
    }
    else if (a === "--rounds") {
      const v = next();
      o.rounds = Number(v);
      if (!Number.isInteger(o.rounds) || o.rounds < 1) throw new Error(`paperlab bench: --rounds is a whole number ≥ 1, got '${v}'`);
    }
    else if (a === "--stat") {
      const v = next();
      if (v !== "median" && v !== "min") throw new Error(`paperlab bench: --stat is median or min, got '${v}'`);
      o.stat = v;
    }
    else throw new Error(`paperlab bench: unknown option '${a}'\n${USAGE}`);
  }
  const known = new Set(WORKLOADS.map((w) => w.name));
  const unknown = (o.only ?? []).filter((n) => !known.has(n));
  if (unknown.length) throw new Error(`paperlab bench: unknown workload(s) ${unknown.join(", ")}\n${USAGE}`);
  return o;
}

/** Runs bench/torch/bench.py; returns rows by workload, or the reason PyTorch did not run. */
export function runTorch(threads: number, budgetMs: number, only: string[] | null, stat: "median" | "min" = "median",
  clock: "wall" | "cpu" = "wall"):
  { ok: true; version: string; rows: Record<string, number> } | { ok: false; reason: string } {
  const python = process.env.PAPERLAB_PYTHON ?? "/usr/bin/python3";
  const script = path.join(__dirname, "..", "..", "..", "..", "bench", "torch", "bench.py");
  if (!fs.existsSync(script)) return { ok: false, reason: `missing ${script}` };
  // find_spec locates torch without importing it (an import costs seconds; bench.py imports it anyway)
  const probe = spawnSync(python, ["-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is None)"], { encoding: "utf8" });
  if (probe.status !== 0) {
    return { ok: false, reason: `PyTorch is not available to ${python} (install Debian's python3-torch: apt-get install -y python3-torch)` };
  }
  const args = [script, "--threads", String(threads), "--budget-ms", String(budgetMs), "--stat", stat, "--clock", clock];
  if (only) args.push("--only", only.join(","));
  const r = spawnSync(python, args, { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) return { ok: false, reason: `bench.py failed: ${(r.stderr || "").trim().split("\n").slice(-3).join(" | ")}` };
  const out = JSON.parse(r.stdout.trim().split("\n").pop() as string) as { torch: string; rows: Record<string, number> };
  return { ok: true, version: out.torch, rows: out.rows };
}

function fmt(x: number | null, digits = 2): string {
  return x == null ? "—" : x >= 100 ? x.toFixed(0) : x.toFixed(digits);
}

/** Renders rows as an aligned text table. */
export function formatTable(rows: BenchRow[]): string {
  const head = ["workload", "backend", "ms", "PyTorch ms", "ratio"];
  const body = rows.map((r) => [r.workload, r.backend, fmt(r.ms), fmt(r.torchMs), r.ratio == null ? "—" : `${fmt(r.ratio, 1)}x`]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  return [line(head), line(w.map((n) => "-".repeat(n))), ...body.map(line)].join("\n");
}

/** Entry point of `paperlab bench`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let o: Options;
  try { o = parseArgs(argv); } catch (e) { process.stderr.write(`${(e as Error).message}\n`); return 2; }
  const log = (s: string) => { if (!o.json) process.stdout.write(`${s}\n`); else process.stderr.write(`${s}\n`); };
  const workloads = WORKLOADS.filter((w) => !o.only || o.only.includes(w.name));
  // The best backend first (as initBackend picks it), then the pure-JS cpu backend for comparison.
  let backends = o.backends;
  if (!backends) {
    const best = await initBackend();
    backends = best.name === "cpu" ? ["cpu"] : [best.name, "cpu"];
  }
  const first = await initBackend({ backend: backends[0] });
  const threads = first.threads ?? 1;
  let torch: ReturnType<typeof runTorch> = { ok: false, reason: "--no-torch" };
  const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
  const rows: BenchRow[] = [];
  for (const [bi, b] of backends.entries()) {
    const slow = b === "cpu";
    const rounds = bi === 0 ? o.rounds : 1;
    const per = new Map<string, { ms: number[]; torch: number[]; ratio: number[] }>(workloads.map((w) => [w.name, { ms: [], torch: [], ratio: [] }]));
    let name = b;
    for (let round = 0; round < rounds; round++) {
      if (o.torch && (bi === 0 || !torch.ok)) {
        if (bi === 0) log(`PyTorch: ${threads} thread(s), same shapes${rounds > 1 ? ` (round ${round + 1}/${rounds})` : ""}…`);
        torch = runTorch(threads, o.budgetMs, o.only, o.stat, o.clock);
        if (torch.ok) log(`PyTorch ${torch.version}, ${threads} thread(s)`); else log(`PyTorch not run: ${torch.reason}; tfjs rows only`);
      } else if (!o.torch && bi === 0 && round === 0) {
        log(`PyTorch not run: ${torch.ok ? "" : torch.reason}; tfjs rows only`);
      }
      const r = await initBackend({ backend: b });
      name = r.name;
      log(`tfjs ${tf.version.tfjs} backend ${r.name}${r.threads ? ` (${r.threads} thread(s), SIMD ${r.simd ? "on" : "off"})` : ""}…`);
      for (const w of workloads) {
        // the pure-JS backend takes seconds per conv step: fewer repetitions there keep the whole run under 2 minutes
        const ms = timeWorkload(w, slow ? o.budgetMs / 2 : o.budgetMs, slow ? 1 : 2, slow ? 1 : 3, 100, o.stat, o.clock);
        const torchMs = torch.ok ? torch.rows[w.name] ?? null : null;
        const acc = per.get(w.name)!;
        acc.ms.push(ms);
        if (torchMs) { acc.torch.push(torchMs); acc.ratio.push(ms / torchMs); }
      }
    }
    for (const w of workloads) {
      const acc = per.get(w.name)!;
      const torchMs = acc.torch.length ? median(acc.torch) : null;
      // one round: ms / PyTorch ms; several: the median of the per-round ratios (each from adjacent measurements)
      const ratio = acc.ratio.length ? (acc.ratio.length === 1 ? acc.ratio[0] : median(acc.ratio)) : null;
      rows.push({ workload: w.name, backend: name, ms: median(acc.ms), torchMs, ratio });
    }
  }
  if (o.json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
  } else {
    process.stdout.write(`${formatTable(rows)}\n`);
    const train = rows.filter((r) => r.backend !== "cpu" && TRAINING_WORKLOADS.has(r.workload) && r.ratio != null);
    if (train.length) {
      const worst = Math.max(...train.map((r) => r.ratio as number));
      process.stdout.write(`training-step workloads on ${train[0].backend}: worst ratio ${worst.toFixed(1)}x PyTorch (goal ≤ 4x)\n`);
    }
  }
  return 0;
}
