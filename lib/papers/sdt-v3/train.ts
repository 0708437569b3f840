/**
 * One classifier run of the SDT-V3 experiments (arXiv 2411.16061) on the MNIST stand-in: E-SpikeFormer-tiny with one
 * neuron type, trained through lab's one training loop (AdamW, linear warmup + cosine, live progress in the notebook),
 * BN statistics re-estimated after training, test accuracy in inference mode. experiment.ts runs the ablations on it.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../core/train/seed";
import { adamw } from "../../core/train/optim/adamw";
import { warmupCosine } from "../../core/train/schedule";
import { train, type EpochRecord } from "../../core/train/loop";
import type { ProgressMode } from "../../core/train/progress";
import { ARCHS, buildSpikeFormer, forward, type ArchConfig, type AttentionKind, type SpikeFormer } from "./model";
import { neuronLabel, type NeuronSpec } from "./neurons";
import { batches, type DigitData, type DigitSplit } from "./data";
import type { SdtConfig } from "./config";

/** One trained classifier and how it did. */
export interface RunResult {
  config: string;
  neuron: NeuronSpec;
  attention: AttentionKind;
  seed: number;
  /** Test accuracy in [0, 1]. */
  acc: number;
  /** Mean wall time per training epoch, s. */
  secPerEpoch: number;
  epochs: EpochRecord[];
  model: SpikeFormer;
}

/** Options of one classifier run. */
export interface RunOptions {
  neuron: NeuronSpec;
  seed: number;
  attention?: AttentionKind;
  /** Training subset (default all of data.train). */
  trainSet?: DigitSplit;
  epochs?: number;
  /** Start from these weights (finetuning after MAE). */
  init?: SpikeFormer;
  label?: string;
  progress?: ProgressMode;
}

/** Linear warmup over the first 10% of the steps, then half-cycle cosine to 0 (the paper's schedule shape). */
export function schedule(peak: number, steps: number) {
  const total = Math.max(1, steps);
  return warmupCosine({ peak, warmupSteps: Math.min(Math.round(total * 0.1), total - 1), totalSteps: total });
}

/** Timesteps of a neuron (multi-step neurons fold time into the batch axis: a batch of B images is T·B rows). */
function stepsOf(neuron: NeuronSpec): number {
  return neuron.T;
}

/**
 * Test accuracy in inference mode (running BN statistics), in batches of `rows` folded rows (`rows / T` images):
 * a T = 4 forward of 250 images held ~1 GB of intermediate tensors and grew the WASM heap, which never shrinks.
 */
export function evaluate(m: SpikeFormer, s: DigitSplit, neuron: NeuronSpec, rows = 250): number {
  const batch = Math.max(1, Math.floor(rows / stepsOf(neuron)));
  let correct = 0;
  for (let i = 0; i < s.n; i += batch) {
    const k = Math.min(batch, s.n - i);
    const pred = tf.tidy(() => forward(m, s.x.slice([i, 0, 0, 0], [k, -1, -1, -1]) as tf.Tensor4D, { training: false, neuron }).argMax(-1).dataSync());
    for (let j = 0; j < k; j++) if (pred[j] === s.labels[i + j]) correct++;
  }
  return correct / s.n;
}

/**
 * Re-estimates BN running statistics after training ("precise BN"): forward passes in training mode over
 * `images` training images, `rows` folded rows (rows / T images) per pass, with a cumulative average (momentum
 * 1/(i+1)), no gradients. Runs of a few dozen steps leave momentum-0.1 estimates dominated by their initial values,
 * which silences Q in inference.
 */
export function calibrateBn(m: SpikeFormer, s: DigitSplit, neuron: NeuronSpec, rows = 128, images = 512): void {
  const batch = Math.max(1, Math.floor(rows / stepsOf(neuron))); // BN sees `rows` folded rows (T·B) per pass
  const n = Math.min(images, s.n);
  for (let i = 0, k = 0; i + batch <= n || (i === 0 && n > 0); i += batch, k++) {
    const b = Math.min(batch, n - i);
    tf.tidy(() => {
      forward(m, s.x.slice([i, 0, 0, 0], [b, -1, -1, -1]) as tf.Tensor4D, { training: true, neuron, bnMomentum: 1 / (k + 1) });
    });
  }
}

/** Trains E-SpikeFormer-tiny with one neuron type on the digits and evaluates it. */
export async function trainClassifier(cfg: SdtConfig, data: DigitData, o: RunOptions): Promise<RunResult> {
  const attention = o.attention ?? "sdsa";
  const arch: ArchConfig = { ...ARCHS.tiny, attention };
  const m = o.init ?? buildSpikeFormer(arch, new Rng(o.seed).fork("weights"));
  const set = o.trainSet ?? data.train;
  const epochs = o.epochs ?? cfg.epochs;
  const steps = Math.floor(set.n / cfg.batch) * epochs;
  const rng = new Rng(o.seed).fork("batches");
  const opt = adamw({ learningRate: schedule(cfg.lr, steps), weightDecay: cfg.weightDecay });
  const label = o.label ?? `${neuronLabel(o.neuron)}${attention === "sdsa" ? "" : ` ${attention}`}`;
  const res = await train({
    data: (epoch) => batches(set, cfg.batch, rng.fork(epoch)),
    loss: (b) => tf.losses.softmaxCrossEntropy(b.y, forward(m, b.x, { training: true, neuron: o.neuron })) as tf.Scalar,
    optimizer: opt,
    variables: m.params.trainable(),
    epochs,
    evaluate: () => {
      calibrateBn(m, set, o.neuron);
      return { testAcc: evaluate(m, data.test, o.neuron) };
    },
    evalEvery: epochs,
    progress: o.progress ?? "auto",
    title: `${label} (seed ${o.seed})`,
  });
  opt.dispose();
  const trainMs = res.epochs.map((e) => e.ms);
  return {
    config: label,
    neuron: o.neuron,
    attention,
    seed: o.seed,
    acc: res.epochs[res.epochs.length - 1].testAcc as number,
    secPerEpoch: trainMs.reduce((a, b) => a + b, 0) / trainMs.length / 1000,
    epochs: res.epochs,
    model: m,
  };
}
