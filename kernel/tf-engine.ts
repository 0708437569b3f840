/**
 * TensorFlow.js engine state across an interrupted or failed cell. tf.tidy, optimizer.minimize and tf.grads close
 * their scopes and stop gradient recording in `finally`-like code; a cell whose code is terminated (the hard
 * interrupt: hard-interrupt.ts) never runs it, so the engine is left with open scopes and the gradient tape on: every
 * later op is recorded and kept, and memory grows until a restart. The kernel marks the engine before each cell and,
 * after an interrupt or error, puts it back: it closes the scopes the cell opened (disposing what they tracked, as
 * tf.tidy would have), disposes the tensors the tape saved, turns recording off, and says what it freed.
 *
 * Reads tfjs-core's engine from `globalThis._tfengine` (where tfjs-core keeps its one engine), so a kernel whose
 * cells never used TensorFlow.js loads nothing. Fields used (tfjs-core 4.x EngineState): scopeStack, activeScope,
 * gradientDepth, kernelDepth, activeTape, numDataMovesStack, numTensors, numBytes; Engine.endScope.
 */

interface TensorLike {
  dispose(): void;
}

interface TapeNodeLike {
  saved?: TensorLike[];
}

interface EngineStateLike {
  scopeStack: unknown[];
  gradientDepth: number;
  kernelDepth: number;
  activeTape: TapeNodeLike[] | null;
  numDataMovesStack: number[];
  numTensors: number;
  numBytes: number;
}

interface EngineLike {
  state: EngineStateLike;
  endScope(result: unknown): void;
}

/** What the engine looked like before a cell. */
export interface EngineMark {
  scopeDepth: number;
  gradientDepth: number;
  kernelDepth: number;
  tapeLength: number;
  dataMoves: number;
}

/** What restoring the engine did. */
export interface EngineRepair {
  closedScopes: number;
  /** Gradient recording was on (optimizer.minimize, tf.grads) and was turned off. */
  stoppedRecording: boolean;
  freedTensors: number;
  freedBytes: number;
}

/** The engine state of a fresh tfjs (for a cell that loaded TensorFlow.js itself). */
const FRESH: EngineMark = { scopeDepth: 0, gradientDepth: 0, kernelDepth: 0, tapeLength: 0, dataMoves: 0 };

function isEngine(v: unknown): v is EngineLike {
  if (!v || typeof v !== "object") return false;
  const e = v as { state?: Partial<EngineStateLike>; endScope?: unknown };
  return typeof e.endScope === "function" && !!e.state && Array.isArray(e.state.scopeStack) && typeof e.state.gradientDepth === "number";
}

/** tfjs-core's engine when TensorFlow.js is loaded, else null. */
function engine(): EngineLike | null {
  const e = (globalThis as Record<string, unknown>)._tfengine;
  return isEngine(e) ? e : null;
}

/** The engine's state now (null when TensorFlow.js is not loaded). */
export function markEngine(): EngineMark | null {
  const e = engine();
  if (!e) return null;
  const s = e.state;
  return { scopeDepth: s.scopeStack.length, gradientDepth: s.gradientDepth, kernelDepth: s.kernelDepth, tapeLength: s.activeTape?.length ?? 0, dataMoves: s.numDataMovesStack.length };
}

/**
 * Puts the engine back to `mark` (a fresh engine's state when the cell loaded TensorFlow.js itself); null when
 * there was nothing to do.
 */
export function restoreEngine(mark: EngineMark | null): EngineRepair | null {
  const e = engine();
  if (!e) return null;
  const m = mark ?? FRESH;
  const s = e.state;
  const open = s.scopeStack.length - m.scopeDepth;
  const recording = s.gradientDepth > m.gradientDepth;
  if (open <= 0 && !recording && s.kernelDepth <= m.kernelDepth && s.numDataMovesStack.length <= m.dataMoves) return null;
  const before = { n: s.numTensors, b: s.numBytes };
  s.kernelDepth = m.kernelDepth;
  s.numDataMovesStack.length = Math.min(s.numDataMovesStack.length, m.dataMoves);
  if (recording) {
    // The tensors tape nodes saved for the backward pass are kept clones: no scope disposes them.
    const tape = s.activeTape ?? [];
    for (const node of tape.slice(m.gradientDepth > 0 ? m.tapeLength : 0)) for (const t of node.saved ?? []) t.dispose();
    s.gradientDepth = m.gradientDepth;
    if (m.gradientDepth === 0) s.activeTape = [];
    else tape.length = Math.min(tape.length, m.tapeLength);
  }
  // Innermost first, each as tf.tidy ends it: what the scope tracked and nobody kept is disposed.
  let closed = 0;
  for (; s.scopeStack.length > m.scopeDepth; closed++) e.endScope(null);
  return { closedScopes: closed, stoppedRecording: recording, freedTensors: before.n - s.numTensors, freedBytes: before.b - s.numBytes };
}

/** One line for the cell's traceback: what was left open and what was freed. */
export function describeRepair(r: EngineRepair): string {
  const left = [r.closedScopes > 0 ? `${r.closedScopes} open tf.tidy scope${r.closedScopes === 1 ? "" : "s"}` : "", r.stoppedRecording ? "gradient recording on" : ""].filter(Boolean).join(" and ");
  const kb = r.freedBytes / 1024;
  const size = kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${kb.toFixed(1)} kB`;
  return `TensorFlow.js: the cell left ${left || "the engine mid-kernel"}; restored the engine and freed ${r.freedTensors} tensor${r.freedTensors === 1 ? "" : "s"} (${size})`;
}
