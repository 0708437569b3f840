/**
 * Backend selection for paperlab: the best available tfjs backend, never a silent fallback.
 *
 * Order: tfjs-node-gpu (CUDA visible) → tfjs-node → WASM (SIMD) → pure-JS CPU only when asked for.
 * `PAPERLAB_BACKEND=cpu|wasm|tensorflow|tensorflow-gpu` (or `initBackend({ backend })`) forces one, and then that one
 * or an error. `backend()` reports which runs and why each better one was not taken.
 *
 * On init paperlab registers its WASM kernels (kernels/register-all.ts) and its gradient fixes (grad/register-all.ts).
 * tfjs 4.22 raises `Kernel 'X' not registered for backend 'Y'` for an op the chosen backend lacks (it does not
 * fall back per op); paperlab keeps that, and `requireKernels` checks a list ahead of time.
 */
import * as tf from "@tensorflow/tfjs";
import { cudaVisible, probeInstalled, probeLoad } from "./detect";
import { registerWasmKernels } from "../kernels/register-all";
import { installGradFixes } from "../grad/register-all";
import { prepareThreadedWasm, withLogicalCores } from "./wasm-threads";
import { silenceCpuBackendNotice } from "./quiet-cpu";

// No "looks like you are running TensorFlow.js in Node.js" notice from the CPU backend (see quiet-cpu.ts).
silenceCpuBackendNotice();

/** The backends paperlab knows, best first. */
export const BACKENDS = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const;
/** One of paperlab's backend names. */
export type BackendName = (typeof BACKENDS)[number];

/** Names accepted by PAPERLAB_BACKEND / `initBackend({ backend })`, mapped to paperlab's. */
const ALIASES: Record<string, BackendName> = {
  "tensorflow-gpu": "tensorflow-gpu", gpu: "tensorflow-gpu", cuda: "tensorflow-gpu", "tfjs-node-gpu": "tensorflow-gpu",
  tensorflow: "tensorflow", node: "tensorflow", "tfjs-node": "tensorflow",
  wasm: "wasm", cpu: "cpu",
};

/** Why a candidate was or was not taken. */
export interface CandidateReport {
  name: BackendName;
  taken: boolean;
  reason: string;
}

/** What `backend()` reports. */
export interface BackendReport {
  /** paperlab's name of the backend in use. */
  name: BackendName;
  /** tfjs's name for it (`tf.getBackend()`). */
  tfjsName: string;
  /** The forcing request (env var or option) if any, else null. */
  forcedBy: string | null;
  /** One entry per better-or-equal candidate, best first: taken or why not. */
  candidates: CandidateReport[];
  /** WASM only: SIMD in use, threads in use. */
  simd?: boolean;
  threads?: number;
  /** Kernels paperlab registered or replaced on this backend. */
  customKernels: string[];
  /** Kernels whose gradients are paperlab's (all backends). */
  gradFixes: string[];
}

/** Options of `initBackend`. */
export interface InitOptions {
  /** Force a backend (same names as PAPERLAB_BACKEND); default: env var, else best available. */
  backend?: string;
}

let current: BackendReport | null = null;

/** Maps a requested name to a paperlab backend or throws naming the known ones. */
export function parseBackendName(name: string, source: string): BackendName {
  const b = ALIASES[name.trim().toLowerCase()];
  if (!b) {
    throw new Error(`${source}: unknown backend '${name}'; use one of ${Object.keys(ALIASES).join(", ")}`);
  }
  return b;
}

function tfjsNameOf(b: BackendName): string {
  return b === "tensorflow-gpu" ? "tensorflow" : b;
}

/** Why `b` cannot run here, or null if it can (loading its package as a side effect). */
function unavailable(b: BackendName): string | null {
  switch (b) {
    case "tensorflow-gpu": {
      const cuda = cudaVisible();
      if (!cuda.ok) {
        const pkg = probeInstalled("@tensorflow/tfjs-node-gpu");
        return pkg.ok ? cuda.reason : `${pkg.reason}; ${cuda.reason}`;
      }
      const p = probeLoad("@tensorflow/tfjs-node-gpu");
      return p.ok ? null : p.reason;
    }
    case "tensorflow": {
      const p = probeLoad("@tensorflow/tfjs-node");
      return p.ok ? null : p.reason;
    }
    case "wasm":
      try {
        require("@tensorflow/tfjs-backend-wasm");
        return null;
      } catch (e) {
        return `@tensorflow/tfjs-backend-wasm failed to load: ${(e as Error).message}`;
      }
    case "cpu":
      return null;
  }
}

async function activate(b: BackendName): Promise<string | null> {
  const reason = unavailable(b);
  if (reason) return reason;
  let threads = 0;
  if (b === "wasm") {
    registerWasmKernels();
    threads = Number(process.env.PAPERLAB_WASM_THREADS ?? "0");
    if (threads > 1) prepareThreadedWasm(threads); // opt-in, see wasm-threads.ts
  }
  let ok = false;
  try {
    ok = threads > 1 ? await withLogicalCores(2 * threads, () => tf.setBackend(tfjsNameOf(b))) : await tf.setBackend(tfjsNameOf(b));
  } catch (e) {
    return `tf.setBackend('${tfjsNameOf(b)}') threw: ${(e as Error).message}`;
  }
  return ok ? null : `tf.setBackend('${tfjsNameOf(b)}') returned false (initialisation failed; see the warning above)`;
}

/**
 * Selects and initialises the backend. Forced (option or PAPERLAB_BACKEND): that one or an error saying why.
 * Otherwise the best available of tensorflow-gpu, tensorflow, wasm; the pure-JS cpu backend is never chosen
 * unless asked for. Returns the report `backend()` gives afterwards.
 */
export async function initBackend(opts: InitOptions = {}): Promise<BackendReport> {
  const gradFixes = installGradFixes();
  const env = process.env.PAPERLAB_BACKEND;
  const forcedBy = opts.backend ? `initBackend({ backend: '${opts.backend}' })` : env ? `PAPERLAB_BACKEND=${env}` : null;
  const forced = opts.backend ?? env;
  const candidates: CandidateReport[] = [];
  let chosen: BackendName | null = null;
  if (forced) {
    const b = parseBackendName(forced, forcedBy as string);
    for (const better of BACKENDS.slice(0, BACKENDS.indexOf(b))) {
      candidates.push({ name: better, taken: false, reason: `not tried: ${forcedBy}` });
    }
    const why = await activate(b);
    if (why) throw new Error(`backend '${b}' was forced by ${forcedBy} but cannot run: ${why}. ` +
      "Unset PAPERLAB_BACKEND (or pass another backend) to use the best available one.");
    candidates.push({ name: b, taken: true, reason: `forced by ${forcedBy}` });
    chosen = b;
  } else {
    for (const b of ["tensorflow-gpu", "tensorflow", "wasm"] as const) {
      const why = await activate(b);
      if (why) { candidates.push({ name: b, taken: false, reason: why }); continue; }
      candidates.push({ name: b, taken: true, reason: "best available" });
      chosen = b;
      break;
    }
    if (!chosen) {
      throw new Error(`no accelerated backend could start (${candidates.map((c) => `${c.name}: ${c.reason}`).join("; ")}). ` +
        "Set PAPERLAB_BACKEND=cpu to run on the (slow) pure-JS backend.");
    }
  }
  const report: BackendReport = {
    name: chosen,
    tfjsName: tf.getBackend(),
    forcedBy,
    candidates,
    customKernels: chosen === "wasm" ? registerWasmKernels() : [],
    gradFixes,
  };
  if (chosen === "wasm") {
    report.simd = Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"));
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const wasm = require("@tensorflow/tfjs-backend-wasm") as { getThreadsCount?: () => number };
    report.threads = wasm.getThreadsCount ? wasm.getThreadsCount() : 1;
  }
  current = report;
  return report;
}

/** The report of the last `initBackend`; throws if it has not run (so nothing runs on a backend tfjs picked). */
export function backend(): BackendReport {
  if (!current) throw new Error("backend(): no backend initialised yet; `await initBackend()` first");
  if (tf.getBackend() !== current.tfjsName) {
    throw new Error(`backend(): tfjs now runs '${tf.getBackend()}' but paperlab initialised '${current.tfjsName}'; ` +
      "something called tf.setBackend directly — call initBackend({ backend }) instead");
  }
  return current;
}

/** One line per candidate, for notebooks and `paperlab bench`. */
export function describeBackend(r: BackendReport = backend()): string {
  const extra = r.name === "wasm" ? ` (SIMD ${r.simd ? "on" : "off"}, ${r.threads} thread${r.threads === 1 ? "" : "s"})` : "";
  return [`backend: ${r.name}${extra}`, ...r.candidates.map((c) => `  ${c.taken ? "✓" : "✗"} ${c.name}: ${c.reason}`)].join("\n");
}

/** Throws, naming op and backend, if any of `kernelNames` is not registered on the backend in use. */
export function requireKernels(kernelNames: string[]): void {
  const name = tf.getBackend();
  const missing = kernelNames.filter((k) => tf.getKernel(k, name) == null);
  if (missing.length) {
    throw new Error(`ops not available on backend '${name}': ${missing.join(", ")}; ` +
      "choose another backend with PAPERLAB_BACKEND or register a kernel in lib/core/kernels/register-all.ts");
  }
}
