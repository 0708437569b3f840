/**
 * Shared machinery of the Adam-family optimizers tfjs lacks (AdamW, LAMB): learning-rate
 * schedules, first/second-moment state per variable, save/restore through getWeights/setWeights
 * (so they checkpoint like tf.train.adam), and the "no weight decay on 1-D parameters" rule.
 */
import * as tf from "@tensorflow/tfjs";
import type { Schedule } from "../schedule";
import { trainMessages } from "../messages";

/** A tensor with a name, as tf.Optimizer.getWeights returns them (tfjs does not export the type). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** A constant learning rate or a schedule evaluated at the 0-based step. */
export type LearningRate = number | Schedule;

/** Decides whether a variable gets weight decay. Default: only rank ≥ 2 (no biases, norms, scales). */
export type DecayFilter = (name: string, variable: tf.Variable) => boolean;

/** The default decay filter: matrices and kernels decay, 1-D parameters (biases, LayerNorm γ/β) do not. */
export const decayRank2Plus: DecayFilter = (_name, v) => v.rank >= 2;

/** Options shared by the Adam-family optimizers. */
export interface MomentOptions {
  /** Learning rate or schedule (step → lr). */
  learningRate: LearningRate;
  /** First-moment decay β1. */
  beta1?: number;
  /** Second-moment decay β2. */
  beta2?: number;
  /** Added to √v̂ in the denominator. */
  epsilon?: number;
  /** Decoupled weight-decay coefficient λ. */
  weightDecay?: number;
  /** Which variables decay (default: rank ≥ 2). */
  decay?: DecayFilter;
}

interface Moments {
  name: string;
  m: tf.Variable;
  v: tf.Variable;
}

/** Base of AdamW and LAMB: subclasses give the per-variable update. */
export abstract class MomentOptimizer extends tf.Optimizer {
  protected readonly lr: LearningRate;
  protected readonly beta1: number;
  protected readonly beta2: number;
  protected readonly epsilon: number;
  protected readonly weightDecay: number;
  protected readonly decay: DecayFilter;
  private moments: Moments[] = [];

  constructor(o: MomentOptions, defaults: { epsilon: number; weightDecay: number }) {
    super();
    if (!(typeof o.learningRate === "function" || (typeof o.learningRate === "number" && o.learningRate > 0))) {
      throw new RangeError(trainMessages.optimizerLr(o.learningRate));
    }
    this.lr = o.learningRate;
    this.beta1 = o.beta1 ?? 0.9;
    this.beta2 = o.beta2 ?? 0.999;
    this.epsilon = o.epsilon ?? defaults.epsilon;
    this.weightDecay = o.weightDecay ?? defaults.weightDecay;
    this.decay = o.decay ?? decayRank2Plus;
  }

  /** Learning rate used by the update at 0-based `step` (default: the next one). */
  learningRateAt(step: number = this.iterations): number {
    return typeof this.lr === "number" ? this.lr : this.lr(step);
  }

  /**
   * One variable's update. `t` is the 1-based step, `lr` its learning rate; returns the new value
   * and the new moments. Runs inside tf.tidy.
   */
  protected abstract update(args: {
    name: string;
    p: tf.Variable;
    g: tf.Tensor;
    m: tf.Tensor;
    v: tf.Tensor;
    t: number;
    lr: number;
    decays: boolean;
  }): { p: tf.Tensor; m: tf.Tensor; v: tf.Tensor };

  /**
   * Optional in-place update of one variable (p, m, v overwritten); returns false when it cannot run (then `update`
   * does). AdamW uses it for the fused WASM kernel (lib/core/kernels/adam-fused.ts).
   */
  protected updateInPlace(_args: { name: string; p: tf.Variable; g: tf.Tensor; m: tf.Variable; v: tf.Variable; t: number; lr: number; decays: boolean }): boolean {
    return false;
  }

  /** Hook run once per step before the variable updates (LAMB uses it for global clipping). */
  protected prepare(grads: tf.Tensor[]): tf.Tensor[] {
    return grads;
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const t = this.iterations + 1;
    const lr = this.learningRateAt(this.iterations);
    tf.tidy(() => {
      const raw = names.map((n, i) =>
        Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[n],
      );
      const present = raw.filter((g): g is tf.Tensor => g != null);
      const prepared = this.prepare(present);
      let k = 0;
      names.forEach((name, i) => {
        const p = tf.engine().registeredVariables[name];
        if (this.moments[i] == null) {
          this.moments[i] = {
            name,
            m: tf.tidy(() => tf.zerosLike(p).variable(false)),
            v: tf.tidy(() => tf.zerosLike(p).variable(false)),
          };
        }
        if (raw[i] == null) return;
        const g = prepared[k++];
        const st = this.moments[i];
        const decays = this.weightDecay !== 0 && this.decay(name, p);
        if (this.updateInPlace({ name, p, g, m: st.m, v: st.v, t, lr, decays })) return;
        const out = this.update({ name, p, g, m: st.m, v: st.v, t, lr, decays });
        st.m.assign(out.m);
        st.v.assign(out.v);
        p.assign(out.p);
      });
    });
    this.incrementIterations();
  }

  override dispose(): void {
    for (const s of this.moments) tf.dispose([s.m, s.v]);
    this.moments = [];
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [
      await this.saveIterations(),
      ...this.moments.map((s) => ({ name: `${s.name}/m`, tensor: s.m })),
      ...this.moments.map((s) => ({ name: `${s.name}/v`, tensor: s.v })),
    ];
  }

  /** Restores state saved by getWeights (matched by position, as tfjs optimizers do). */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const n = rest.length / 2;
    this.dispose();
    for (let i = 0; i < n; i++) {
      this.moments.push({
        name: rest[i].name.replace(/\/m$/, ""),
        m: tf.variable(rest[i].tensor, false),
        v: tf.variable(rest[n + i].tensor, false),
      });
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: typeof this.lr === "number" ? this.lr : null,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
    };
  }
}
