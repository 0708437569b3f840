/**
 * Checkpoints as two plain files, written by us so they work on every backend (tfjs's `file://`
 * handler needs tfjs-node; WASM and CPU have none):
 *   <dir>/weights.bin      raw little-endian tensor data, concatenated (float32 / int32)
 *   <dir>/manifest.json    { format: "paperlab-checkpoint", version: 1, weights: [{ name, shape, dtype,
 *                            offset, byteLength }], optimizer: { className, weights: [...] } | null,
 *                            step, epoch, meta }
 * Files are written to temporary names and renamed, weights first, so a reader never sees a
 * manifest that points into a half-written weights file.
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { trainMessages } from "./messages";
import type { NamedTensor } from "./optim/base";

/** Variables to save or restore: a list (named by `variable.name`) or a name → variable record. */
export type VariableSet = readonly tf.Variable[] | Record<string, tf.Variable>;

/** One tensor's entry in the manifest. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: "float32" | "int32";
  /** Byte offset in weights.bin. */
  offset: number;
  byteLength: number;
}

/** The manifest.json of a checkpoint. */
export interface CheckpointManifest {
  format: "paperlab-checkpoint";
  version: 1;
  createdAt: string;
  step?: number;
  epoch?: number;
  /** Total bytes of weights.bin (checked on load). */
  totalBytes: number;
  weights: WeightEntry[];
  optimizer: { className: string; weights: WeightEntry[] } | null;
  meta?: Record<string, unknown>;
}

/** What to save. */
export interface SaveOptions {
  variables: VariableSet;
  /** Also save the optimizer's state (moments, iteration count) for an exact resume. */
  optimizer?: tf.Optimizer;
  step?: number;
  epoch?: number;
  /** Anything JSON-serialisable (config, run info, metrics). */
  meta?: Record<string, unknown>;
}

/** What to restore into. */
export interface LoadOptions {
  variables?: VariableSet;
  optimizer?: tf.Optimizer;
  /** Match saved weights to variables by name (default) or by position. */
  match?: "name" | "order";
}

const MANIFEST = "manifest.json";
const WEIGHTS = "weights.bin";

/** [name, variable] pairs of a VariableSet. */
export function namedVariables(vars: VariableSet): [string, tf.Variable][] {
  return Array.isArray(vars)
    ? (vars as readonly tf.Variable[]).map((v) => [v.name, v] as [string, tf.Variable])
    : Object.entries(vars as Record<string, tf.Variable>);
}

async function pack(items: readonly NamedTensor[] | [string, tf.Tensor][], chunks: Buffer[], offset: { n: number }): Promise<WeightEntry[]> {
  const out: WeightEntry[] = [];
  for (const it of items) {
    const [name, t] = Array.isArray(it) ? it : [(it as NamedTensor).name, (it as NamedTensor).tensor];
    if (t.dtype !== "float32" && t.dtype !== "int32") throw new TypeError(trainMessages.checkpointDtype(name, t.dtype));
    const data = (await t.data()) as Float32Array | Int32Array;
    // Typed arrays are host-endian; every platform Node supports here is little-endian.
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    chunks.push(buf);
    out.push({ name, shape: t.shape.slice(), dtype: t.dtype, offset: offset.n, byteLength: buf.byteLength });
    offset.n += buf.byteLength;
  }
  return out;
}

/** Saves variables (and optionally optimizer state) to `dir`, creating it. Returns the manifest. */
export async function saveCheckpoint(dir: string, o: SaveOptions): Promise<CheckpointManifest> {
  const chunks: Buffer[] = [];
  const offset = { n: 0 };
  const weights = await pack(namedVariables(o.variables), chunks, offset);
  let optimizer: CheckpointManifest["optimizer"] = null;
  if (o.optimizer) {
    const ow = await o.optimizer.getWeights();
    const className = (o.optimizer.constructor as unknown as { className?: string }).className ?? o.optimizer.constructor.name;
    optimizer = { className, weights: await pack(ow, chunks, offset) };
  }
  const manifest: CheckpointManifest = {
    format: "paperlab-checkpoint",
    version: 1,
    createdAt: new Date().toISOString(),
    step: o.step,
    epoch: o.epoch,
    totalBytes: offset.n,
    weights,
    optimizer,
    meta: o.meta,
  };
  await fs.promises.mkdir(dir, { recursive: true });
  const tmp = `.tmp-${process.pid}-${Date.now()}`;
  await fs.promises.writeFile(path.join(dir, WEIGHTS + tmp), Buffer.concat(chunks));
  await fs.promises.writeFile(path.join(dir, MANIFEST + tmp), JSON.stringify(manifest, null, 1) + "\n");
  await fs.promises.rename(path.join(dir, WEIGHTS + tmp), path.join(dir, WEIGHTS));
  await fs.promises.rename(path.join(dir, MANIFEST + tmp), path.join(dir, MANIFEST));
  return manifest;
}

/** True when `dir` holds a checkpoint manifest. */
export function hasCheckpoint(dir: string): boolean {
  return fs.existsSync(path.join(dir, MANIFEST));
}

/** Reads a checkpoint's manifest and tensors (the caller disposes the tensors). */
export async function readCheckpoint(dir: string): Promise<{ manifest: CheckpointManifest; tensors: Map<string, tf.Tensor>; optimizer: NamedTensor[] }> {
  for (const f of [MANIFEST, WEIGHTS]) {
    if (!fs.existsSync(path.join(dir, f))) throw new Error(trainMessages.checkpointMissing(dir, f));
  }
  const manifest = JSON.parse(await fs.promises.readFile(path.join(dir, MANIFEST), "utf8")) as CheckpointManifest;
  if (manifest.format !== "paperlab-checkpoint" || manifest.version !== 1) {
    throw new Error(trainMessages.checkpointFormat(dir, `${manifest.format} v${manifest.version}`));
  }
  const bin = await fs.promises.readFile(path.join(dir, WEIGHTS));
  if (bin.byteLength !== manifest.totalBytes) {
    throw new Error(`checkpoint: ${dir}/${WEIGHTS} has ${bin.byteLength} bytes, the manifest says ${manifest.totalBytes}; the checkpoint is truncated, save it again`);
  }
  const make = (e: WeightEntry): tf.Tensor => {
    // Copy out of the file buffer: it may not be 4-byte aligned.
    const bytes = new Uint8Array(bin.buffer, bin.byteOffset + e.offset, e.byteLength).slice();
    const data = e.dtype === "int32" ? new Int32Array(bytes.buffer) : new Float32Array(bytes.buffer);
    return tf.tensor(data, e.shape, e.dtype);
  };
  const tensors = new Map<string, tf.Tensor>();
  for (const e of manifest.weights) tensors.set(e.name, make(e));
  const optimizer = (manifest.optimizer?.weights ?? []).map((e) => ({ name: e.name, tensor: make(e) }));
  return { manifest, tensors, optimizer };
}

/**
 * Loads a checkpoint into existing variables (by name, or by position with `match: "order"`) and,
 * when given, restores the optimizer's state. Returns the manifest (step, epoch, meta).
 */
export async function loadCheckpoint(dir: string, o: LoadOptions = {}): Promise<CheckpointManifest> {
  const { manifest, tensors, optimizer } = await readCheckpoint(dir);
  try {
    if (o.variables) {
      const vars = namedVariables(o.variables);
      const saved = [...tensors.entries()];
      let pairs: [string, tf.Variable, tf.Tensor][];
      if ((o.match ?? "name") === "order") {
        if (saved.length !== vars.length) throw new Error(trainMessages.checkpointCount(vars.length, saved.length));
        pairs = vars.map(([n, v], i) => [n, v, saved[i][1]]);
      } else {
        const missing = vars.filter(([n]) => !tensors.has(n)).map(([n]) => n);
        if (missing.length) throw new Error(trainMessages.checkpointNames(missing, [...tensors.keys()]));
        pairs = vars.map(([n, v]) => [n, v, tensors.get(n)!]);
      }
      for (const [n, v, t] of pairs) {
        if (v.shape.join(",") !== t.shape.join(",")) throw new Error(trainMessages.checkpointShape(n, v.shape, t.shape));
      }
      for (const [, v, t] of pairs) tf.tidy(() => v.assign(t.dtype === v.dtype ? t : t.cast(v.dtype)));
    }
    if (o.optimizer && optimizer.length) await o.optimizer.setWeights(optimizer);
  } finally {
    tf.dispose([...tensors.values(), ...optimizer.map((w) => w.tensor)]);
  }
  return manifest;
}
