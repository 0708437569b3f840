/**
 * One parameter container for every paper model: named trainable weights and non-trained state (BN running
 * statistics), each drawn from the store's seeded stream forked by name (so creation order never changes a
 * weight), counted and freed together.
 *
 *   const p = new ParamStore(new Rng(seed).fork("weights"));
 *   const w = p.weight("block0/w", [64, 128], "torch", 64);   // [in, out], U(±1/√fan_in) like nn.Linear
 *   p.count();            // trainable scalars (PyTorch's sum(p.numel()))
 *   train({ variables: p.trainable(), ... }); p.dispose();
 *
 * tfjs variable names are global, so each store prefixes its own (`<prefix>/<n>/name`); maps are keyed by the
 * short name.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../train/seed";
import { nnMessages } from "./messages";

/**
 * Built-in initialisers (values drawn in JS from the store's stream, identical on every backend):
 * - "torch": U(±1/√fanIn), PyTorch's default for nn.Linear and nn.Conv (kaiming_uniform with a = √5);
 * - "kaiming": the same bound (the name SDT-V3's code uses);
 * - "trunc02": N(0, 0.02²) redrawn outside ±0.04 (timm's trunc_normal_(std=.02));
 * - "normal02": N(0, 0.02²) (GPT-style embeddings);
 * - "zeros" / "ones".
 * A function gets the shape and a stream and returns a tensor the store takes ownership of.
 */
export type InitKind = "torch" | "kaiming" | "trunc02" | "normal02" | "zeros" | "ones";
/** A custom initialiser: returns a new tensor of `shape` (the store disposes it after copying). */
export type InitFn = (shape: number[], r: Rng) => tf.Tensor;

let storeCount = 0;

/** Trainable parameters and state tensors of one model, by name. */
export class ParamStore {
  /** Trainable weights, keyed by short name, in creation order. */
  readonly vars = new Map<string, tf.Variable>();
  /** Non-trainable state (BN running mean / variance, buffers), keyed by short name. */
  readonly state = new Map<string, tf.Variable>();
  private readonly prefix: string;

  /** `rng`: the stream weights are drawn from (forked by name); `prefix` names the tfjs variables. */
  constructor(
    readonly rng: Rng = new Rng(0),
    prefix = "params",
  ) {
    this.prefix = `${prefix}/${storeCount++}/`;
  }

  /**
   * A trainable weight of `shape` drawn by `init` from `rng.fork(name)`; `fanIn` is the bound's fan-in for
   * "torch"/"kaiming" (default: the product of all axes but the last, i.e. channels-last [.., in, out]).
   */
  weight(name: string, shape: number[], init: InitKind | InitFn = "torch", fanIn?: number): tf.Variable {
    if (this.vars.has(name) || this.state.has(name)) throw new Error(nnMessages.paramExists(name));
    if (!shape.every((d) => Number.isInteger(d) && d > 0)) throw new Error(nnMessages.badShape(name, shape));
    const r = this.rng.fork(name);
    const t = typeof init === "function" ? init(shape, r) : tf.tensor(draw(shape, init, r, fanIn ?? defaultFanIn(shape)), shape);
    if (t.shape.join() !== shape.join()) throw new Error(nnMessages.initShape(name, shape, t.shape));
    const v = tf.variable(t, true, this.prefix + name);
    t.dispose(); // the variable holds its own copy
    this.vars.set(name, v);
    return v;
  }

  /** A non-trainable state tensor filled with `value` (BN running statistics). */
  buffer(name: string, shape: number[], value = 0): tf.Variable {
    if (this.vars.has(name) || this.state.has(name)) throw new Error(nnMessages.paramExists(name));
    const t = tf.fill(shape, value);
    const v = tf.variable(t, false, this.prefix + name);
    t.dispose();
    this.state.set(name, v);
    return v;
  }

  /** The weight or state tensor `name`; throws naming the known ones when it does not exist. */
  get(name: string): tf.Variable {
    const v = this.vars.get(name) ?? this.state.get(name);
    if (!v) throw new Error(nnMessages.unknownParam(name, [...this.vars.keys(), ...this.state.keys()]));
    return v;
  }

  /** True when a weight or state tensor `name` exists. */
  has(name: string): boolean {
    return this.vars.has(name) || this.state.has(name);
  }

  /** Number of trainable scalars (what PyTorch's `sum(p.numel())` counts; state excluded). */
  count(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  /** The trainable variables keyed by short name (for `train({ variables })` and checkpoints). */
  trainable(): Record<string, tf.Variable> {
    return Object.fromEntries(this.vars);
  }

  /** Trainable variables as a list, in creation order (for `tf.variableGrads(f, list)`). */
  list(): tf.Variable[] {
    return [...this.vars.values()];
  }

  /** Frees every tensor of the store. */
  dispose(): void {
    for (const v of [...this.vars.values(), ...this.state.values()]) v.dispose();
    this.vars.clear();
    this.state.clear();
  }
}

function defaultFanIn(shape: number[]): number {
  return shape.length <= 1 ? shape[0] ?? 1 : shape.slice(0, -1).reduce((a, b) => a * b, 1);
}

function draw(shape: number[], init: InitKind, r: Rng, fanIn: number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(size);
  switch (init) {
    case "zeros":
      break;
    case "ones":
      v.fill(1);
      break;
    case "torch":
    case "kaiming": {
      const bound = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < size; i++) v[i] = r.uniform(-bound, bound);
      break;
    }
    case "trunc02":
      for (let i = 0; i < size; i++) {
        let x = r.normal(0, 0.02);
        while (Math.abs(x) > 0.04) x = r.normal(0, 0.02);
        v[i] = x;
      }
      break;
    case "normal02":
      for (let i = 0; i < size; i++) v[i] = r.normal(0, 0.02);
      break;
    default:
      throw new Error(nnMessages.unknownInit(init as string));
  }
  return v;
}
