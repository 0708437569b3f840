/**
 * Experiments of the SDT-V3 card (§4–5) on MNIST with E-SpikeFormer-tiny: one typed config with smoke /
 * default / full scales, and one function per ablation returning plain rows for tables, figures and claims.
 * Training goes through lab's `train()` (AdamW, warmup + cosine, live progress in the notebook).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../core/train/seed";
import { adamw } from "../../core/train/optim/adamw";
import { warmupCosine } from "../../core/train/schedule";
import { train, type EpochRecord } from "../../core/train/loop";
import type { ProgressMode } from "../../core/train/progress";
import { ARCHS, buildSpikeFormer, forward, type ArchConfig, type AttentionKind, type SpikeFormer } from "./model";
import { neuronLabel, type NeuronSpec } from "./neurons";
import { batches, checkImageNet, take, type DigitData, type DigitSplit, type ImageNetLayout } from "./data";
import { checkEquivalence, measureEnergy, type EnergyReport, type EquivalenceReport } from "./analysis";
import { buildDecoder, maeLoss, sampleMask } from "./mae";
import { sdtMessages } from "./messages";

/** The one config of this paper. Units and reasons in the comments. */
export interface SdtConfig {
  /** Master seed (data subset, weights, batches, masks). */
  seed: number;
  /** Seeds of the neuron comparison (claim 1 asks for 3). */
  seeds: number[];
  /** Labelled training images (stratified subset of MNIST train). */
  trainImages: number;
  /** Test images (stratified subset of MNIST test). */
  testImages: number;
  /** Epochs of every classifier run. */
  epochs: number;
  /** Mini-batch size (≥ 64 keeps BN thresholds stable, card §8). */
  batch: number;
  /** Peak learning rate of AdamW. */
  lr: number;
  /** Decoupled weight decay (the paper's 0.05). */
  weightDecay: number;
  /** I-LIF levels of the headline model (the paper's default 4). */
  D: number;
  /** D sweep (claim 4). */
  dSweep: number[];
  /** Timesteps of the binary LIF baseline trained by BPTT. */
  lifT: number;
  /** Also train I-LIF at T = 2 (leak 0.25, soft reset). */
  ilifT2: boolean;
  /** Attention variants (ablation). */
  attentions: AttentionKind[];
  /** MAE: unlabelled pretraining images, epochs, mask ratios ("none" = from scratch is always run), label counts. */
  maePretrainImages: number;
  maePretrainEpochs: number;
  maskRatios: number[];
  labelCounts: number[];
  /** Epochs of finetuning on the few labels. */
  finetuneEpochs: number;
  /** Images for the equivalence check and energy measurement. */
  analysisImages: number;
  /** Steps timed per config for the training-cost claim. */
  costSteps: number;
}

/** Scale presets. `full` is the ImageNet recipe (FULL_RECIPE); its MNIST fields only matter without data. */
export const SCALES: Record<"smoke" | "default" | "full", SdtConfig> = {
  smoke: {
    seed: 0, seeds: [0], trainImages: 192, testImages: 100, epochs: 1, batch: 64, lr: 4e-3, weightDecay: 0.05,
    D: 4, dSweep: [1, 4], lifT: 2, ilifT2: false, attentions: ["sdsa"], maePretrainImages: 128, maePretrainEpochs: 1,
    maskRatios: [0.5], labelCounts: [128], finetuneEpochs: 1, analysisImages: 8, costSteps: 1,
  },
  default: {
    seed: 0, seeds: [0, 1, 2], trainImages: 2048, testImages: 500, epochs: 3, batch: 64, lr: 4e-3, weightDecay: 0.05,
    D: 4, dSweep: [1, 2, 4, 8], lifT: 4, ilifT2: true, attentions: ["sdsa", "mask", "none"], maePretrainImages: 2048, maePretrainEpochs: 1,
    maskRatios: [0.5], labelCounts: [256], finetuneEpochs: 8, analysisImages: 64, costSteps: 3,
  },
  full: {
    seed: 0, seeds: [0, 1, 2], trainImages: 8000, testImages: 2000, epochs: 5, batch: 64, lr: 4e-3, weightDecay: 0.05,
    D: 4, dSweep: [1, 2, 4, 8], lifT: 4, ilifT2: true, attentions: ["sdsa", "mask", "none"], maePretrainImages: 8000, maePretrainEpochs: 3,
    maskRatios: [0.25, 0.5, 0.75], labelCounts: [250, 1000], finetuneEpochs: 5, analysisImages: 128, costSteps: 5,
  },
};

/** Scale names. */
export type Scale = keyof typeof SCALES;

/** Builds a config from a scale and a partial override; an unknown key is an error naming the known ones. */
export function buildConfig(scale: string = "default", overrides: Partial<SdtConfig> = {}): SdtConfig {
  const base = (SCALES as Record<string, SdtConfig>)[scale];
  if (!base) throw new Error(sdtMessages.unknownScale(scale, Object.keys(SCALES)));
  for (const k of Object.keys(overrides)) {
    if (!(k in base)) throw new Error(sdtMessages.unknownKey("sdt-v3 buildConfig", k, Object.keys(base)));
  }
  return { ...base, ...overrides };
}

/**
 * The paper's ImageNet recipe for the base models (card §2.6), run by `trainImageNet` on tfjs-node-gpu by a
 * user with the data: E-SpikeFormer-10M, 1×4, LAMB, 200 epochs.
 */
export const FULL_RECIPE = {
  arch: "10M" as keyof typeof ARCHS,
  neuron: { kind: "ilif", D: 4, T: 1 } as NeuronSpec,
  optimizer: "lamb" as const,
  /** Base lr; lr = blr · global batch / 256. */
  blr: 6e-4,
  /** 256 per GPU × 8 GPUs. */
  globalBatch: 2048,
  epochs: 200,
  warmupEpochs: 5,
  minLr: 1e-6,
  weightDecay: 0.05,
  labelSmoothing: 0.1,
  randAugment: "rand-m9-mstd0.5-inc1",
  randomErasing: 0.25,
  trainCrop: 224,
  evalResize: 232,
  evalCrop: 224,
  /** Paper's top-1 for this model (abstract). */
  paperTop1: 78.5,
} as const;

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
function schedule(peak: number, steps: number) {
  const total = Math.max(1, steps);
  return warmupCosine({ peak, warmupSteps: Math.min(Math.round(total * 0.1), total - 1), totalSteps: total });
}

/** Test accuracy in inference mode (running BN statistics), in batches. */
export function evaluate(m: SpikeFormer, s: DigitSplit, neuron: NeuronSpec, batch = 250): number {
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
 * `images` training images with a cumulative average (momentum 1/(i+1)), no gradients. Runs of a few dozen
 * steps leave momentum-0.1 estimates dominated by their initial values, which silences Q in inference.
 */
export function calibrateBn(m: SpikeFormer, s: DigitSplit, neuron: NeuronSpec, batch = 128, images = 512): void {
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

/** A row of the accuracy tables. */
export interface AccRow {
  config: string;
  kind: "I-LIF" | "LIF";
  T: number;
  D: number;
  attention: AttentionKind;
  seed: number;
  acc: number;
  secPerEpoch: number;
  /** Energy per image from measured firing (µJ) and the ANN count of the same network. */
  snnUj: number;
  annUj: number;
  spikesPerImage: number;
}

function row(r: RunResult, e: EnergyReport): AccRow {
  const n = r.neuron;
  return {
    config: r.config, kind: n.kind === "ilif" ? "I-LIF" : "LIF", T: n.T, D: n.kind === "ilif" ? n.D : 1,
    attention: r.attention, seed: r.seed, acc: r.acc, secPerEpoch: r.secPerEpoch,
    snnUj: e.snnUj, annUj: e.annUj, spikesPerImage: e.spikesPerImage,
  };
}

/** Trains, measures energy on the analysis images, frees the model unless `keep`. */
async function runAndMeasure(cfg: SdtConfig, data: DigitData, o: RunOptions, keep = false): Promise<{ row: AccRow; run: RunResult; energy: EnergyReport }> {
  const run = await trainClassifier(cfg, data, o);
  const xa = take(data.test, cfg.analysisImages).x;
  const energy = measureEnergy(run.model, xa, o.neuron);
  xa.dispose();
  if (!keep) run.model.params.dispose();
  return { row: row(run, energy), run, energy };
}

/**
 * Neuron comparison (claim 1): I-LIF T=1×D and binary LIF T=1 over `cfg.seeds`; binary LIF T=lifT (BPTT)
 * and I-LIF T=2 (β = 0.25) on the first seed. Returns the rows and, from seed 0, the headline I-LIF model kept for analysis.
 */
export async function runNeuronAblation(cfg: SdtConfig, data: DigitData, progress?: ProgressMode): Promise<{ rows: AccRow[]; headline: RunResult; headlineEnergy: EnergyReport }> {
  const neurons: NeuronSpec[] = [
    { kind: "ilif", D: cfg.D, T: 1 },
    { kind: "lif", T: 1 },
    { kind: "lif", T: cfg.lifT },
    ...(cfg.ilifT2 ? [{ kind: "ilif", D: cfg.D, T: 2 } as NeuronSpec] : []),
  ];
  const rows: AccRow[] = [];
  let headline: RunResult | undefined;
  let headlineEnergy: EnergyReport | undefined;
  for (const seed of cfg.seeds) {
    for (const [i, neuron] of neurons.entries()) {
      if (i >= 2 && seed !== cfg.seeds[0]) continue; // multi-step runs (BPTT) on the first seed only, as the card's budget
      const keep = i === 0 && !headline;
      const r = await runAndMeasure(cfg, data, { neuron, seed, progress }, keep);
      rows.push(r.row);
      if (keep) {
        headline = r.run;
        headlineEnergy = r.energy;
      }
    }
  }
  return { rows, headline: headline!, headlineEnergy: headlineEnergy! };
}

/** D sweep (claim 4): I-LIF T=1 with each D of `cfg.dSweep`, seed `cfg.seed` (D = cfg.D reused when given). */
export async function runDSweep(cfg: SdtConfig, data: DigitData, known: AccRow[] = [], progress?: ProgressMode): Promise<AccRow[]> {
  const rows: AccRow[] = [];
  for (const D of cfg.dSweep) {
    const have = known.find((r) => r.kind === "I-LIF" && r.T === 1 && r.D === D && r.seed === cfg.seed && r.attention === "sdsa");
    rows.push(have ?? (await runAndMeasure(cfg, data, { neuron: { kind: "ilif", D, T: 1 }, seed: cfg.seed, progress })).row);
  }
  return rows;
}

/** Attention variants with the headline neuron (reuses the SDSA run when given). */
export async function runAttentionAblation(cfg: SdtConfig, data: DigitData, known: AccRow[] = [], progress?: ProgressMode): Promise<AccRow[]> {
  const rows: AccRow[] = [];
  for (const attention of cfg.attentions) {
    const have = known.find((r) => r.kind === "I-LIF" && r.T === 1 && r.D === cfg.D && r.seed === cfg.seed && r.attention === attention);
    rows.push(have ?? (await runAndMeasure(cfg, data, { neuron: { kind: "ilif", D: cfg.D, T: 1 }, seed: cfg.seed, attention, progress })).row);
  }
  return rows;
}

/** One row of the MAE table. */
export interface MaeRow {
  /** "none" = trained from scratch. */
  mask: number | "none";
  labels: number;
  acc: number;
  /** Final pretraining loss (masked-patch MSE on normalised pixels); null from scratch. */
  pretrainLoss: number | null;
}

/**
 * Spike-masked autoencoding (claim 5): pretrain on `maePretrainImages` unlabelled training images with each
 * mask ratio, finetune on the first `labels` images of the training subset, against training from scratch
 * on the same labels and budget.
 */
export async function runMae(cfg: SdtConfig, data: DigitData, progress?: ProgressMode): Promise<MaeRow[]> {
  const neuron: NeuronSpec = { kind: "ilif", D: cfg.D, T: 1 };
  const rows: MaeRow[] = [];
  const unlabelled = take(data.train, cfg.maePretrainImages);
  for (const mask of ["none" as const, ...cfg.maskRatios]) {
    for (const labels of cfg.labelCounts) {
      let init: SpikeFormer | undefined;
      let pretrainLoss: number | null = null;
      if (mask !== "none") {
        init = buildSpikeFormer(ARCHS.tiny, new Rng(cfg.seed).fork("weights"));
        const dec = buildDecoder(ARCHS.tiny.stages[ARCHS.tiny.stages.length - 1].width, 7, 4, 1, new Rng(cfg.seed).fork("decoder"));
        const rng = new Rng(cfg.seed).fork(`mae-${mask}`);
        const steps = Math.floor(unlabelled.n / cfg.batch) * cfg.maePretrainEpochs;
        // the paper's MAE AdamW: β = (0.9, 0.95), eps 1e-4, wd 0.05
        const opt = adamw({ learningRate: schedule(cfg.lr, steps), beta1: 0.9, beta2: 0.95, epsilon: 1e-4, weightDecay: 0.05 });
        const res = await train({
          data: (epoch) => {
            const r = rng.fork(epoch);
            return (function* () {
              for (const b of batches(unlabelled, cfg.batch, r)) yield { x: b.x, mask: sampleMask(b.x.shape[0], 7, mask, r) };
            })();
          },
          loss: (b) => maeLoss(init!, dec, b.x, b.mask, neuron),
          optimizer: opt,
          variables: { ...init.params.trainable(), ...Object.fromEntries([...dec.params.vars].map(([k, v]) => [`dec/${k}`, v])) },
          epochs: cfg.maePretrainEpochs,
          progress: progress ?? "auto",
          title: `spike-MAE pretraining, mask ${mask}`,
        });
        pretrainLoss = res.epochs[res.epochs.length - 1].loss;
        opt.dispose();
        dec.params.dispose();
      }
      const r = await trainClassifier(cfg, data, { neuron, seed: cfg.seed, trainSet: take(data.train, labels), epochs: cfg.finetuneEpochs, init, label: `${mask === "none" ? "scratch" : `MAE ${mask}`}, ${labels} labels`, progress });
      r.model.params.dispose();
      rows.push({ mask, labels, acc: r.acc, pretrainLoss });
    }
  }
  return rows;
}

/** Training cost of one config (claim 3). */
export interface CostRow {
  config: string;
  /** Median wall time of one training step, ms. */
  msPerStep: number;
  /** Peak tensor memory during one step (tf.profile), MB. */
  peakMB: number;
}

/** Times `cfg.costSteps` training steps (after one warm-up) and profiles one step's peak memory. */
export async function measureCost(cfg: SdtConfig, data: DigitData, neurons: NeuronSpec[]): Promise<CostRow[]> {
  const rows: CostRow[] = [];
  for (const neuron of neurons) {
    const m = buildSpikeFormer(ARCHS.tiny, new Rng(cfg.seed).fork("weights"));
    const opt = adamw({ learningRate: 1e-3, weightDecay: cfg.weightDecay });
    const vars = [...m.params.vars.values()];
    const b = batches(data.train, cfg.batch, new Rng(cfg.seed)).next().value as { x: tf.Tensor4D; y: tf.Tensor2D };
    const step = () => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(b.y, forward(m, b.x, { training: true, neuron })) as tf.Scalar, vars);
      opt.applyGradients(grads);
    });
    step(); // warm-up: kernels compiled, optimizer slots created
    const prof = await tf.profile(() => step());
    const times: number[] = [];
    for (let i = 0; i < cfg.costSteps; i++) {
      const t0 = performance.now();
      step();
      times.push(performance.now() - t0);
    }
    times.sort((p, q) => p - q);
    rows.push({ config: neuronLabel(neuron), msPerStep: times[Math.floor(times.length / 2)], peakMB: prof.peakBytes / 2 ** 20 });
    b.x.dispose();
    b.y.dispose();
    opt.dispose();
    m.params.dispose();
  }
  return rows;
}

/**
 * The full-scale path: checks the ImageNet folder (`SDT_IMAGENET_DIR` or `dir`) and the backend, and
 * returns the recipe to run; without the data it throws the message saying what to get and where.
 */
export function checkFullScale(dir: string | undefined = process.env.SDT_IMAGENET_DIR, backendName?: string): { layout: ImageNetLayout; recipe: typeof FULL_RECIPE } {
  const layout = checkImageNet(dir);
  if (backendName !== undefined && backendName !== "tensorflow-gpu") throw new Error(sdtMessages.fullNeedsGpu(backendName));
  return { layout, recipe: FULL_RECIPE };
}

/** Equivalence check on the analysis images of a trained I-LIF model (claim 2). */
export function runEquivalence(cfg: SdtConfig, data: DigitData, r: RunResult): EquivalenceReport {
  const xa = take(data.test, cfg.analysisImages).x;
  const e = checkEquivalence(r.model, xa, r.neuron);
  xa.dispose();
  return e;
}
