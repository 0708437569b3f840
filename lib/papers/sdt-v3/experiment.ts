/**
 * Experiments of the SDT-V3 card (§4–5) on MNIST with E-SpikeFormer-tiny, one function per ablation taking the
 * typed config (config.ts) and returning plain rows for tables, figures and claims: neuron comparison, D sweep,
 * attention variants, spike-masked autoencoding, training cost, spike-driven equivalence, and the full-scale check.
 * One classifier run is train.ts's `trainClassifier`.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../core/train/seed";
import { adamw } from "../../core/train/optim/adamw";
import { train } from "../../core/train/loop";
import type { ProgressMode } from "../../core/train/progress";
import { medianStepMs, spreadOf } from "../../kit";
import { ARCHS, buildSpikeFormer, forward, type AttentionKind, type SpikeFormer } from "./model";
import { neuronLabel, type NeuronSpec } from "./neurons";
import { batches, checkImageNet, take, type DigitData, type ImageNetLayout } from "./data";
import { checkEquivalence, measureEnergy, type EnergyReport, type EquivalenceReport } from "./analysis";
import { buildDecoder, maeLoss, sampleMask } from "./mae";
import { FULL_RECIPE, type SdtConfig } from "./config";
import { schedule, trainClassifier, type RunOptions, type RunResult } from "./train";
import { sdtMessages } from "./messages";

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

/** One config over seeds: accuracy mean ± sd (sample sd), range, and mean spikes and energy per image. */
export interface AccSummary {
  config: string;
  seeds: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  spikesPerImage: number;
  snnUj: number;
}

/** Rows grouped by config (first-seen order), accuracy summarised over seeds. */
export function accuracySummary(rows: readonly AccRow[]): AccSummary[] {
  const configs = [...new Set(rows.map((r) => r.config))];
  return configs.map((config) => {
    const m = rows.filter((r) => r.config === config);
    const s = spreadOf(m.map((r) => r.acc));
    const avg = (f: (r: AccRow) => number) => m.reduce((a, r) => a + f(r), 0) / m.length;
    return { config, seeds: s.n, mean: s.mean, sd: s.sd, min: s.min, max: s.max, spikesPerImage: avg((r) => r.spikesPerImage), snnUj: avg((r) => r.snnUj) };
  });
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

/** The neurons of the comparison: I-LIF T1×D, binary LIF T1, binary LIF T=lifT (BPTT), and I-LIF T2 when asked. */
export function comparedNeurons(cfg: SdtConfig): NeuronSpec[] {
  return [
    { kind: "ilif", D: cfg.D, T: 1 },
    { kind: "lif", T: 1 },
    { kind: "lif", T: cfg.lifT },
    ...(cfg.ilifT2 ? [{ kind: "ilif", D: cfg.D, T: 2 } as NeuronSpec] : []),
  ];
}

/**
 * Neuron comparison (claim 1): every neuron of `comparedNeurons` over every seed of `cfg.seeds`, same architecture,
 * data and budget. Returns the rows and the headline I-LIF model of the first seed, kept for analysis.
 */
export async function runNeuronAblation(cfg: SdtConfig, data: DigitData, progress?: ProgressMode): Promise<{ rows: AccRow[]; headline: RunResult; headlineEnergy: EnergyReport }> {
  const rows: AccRow[] = [];
  let headline: { run: RunResult; energy: EnergyReport } | undefined;
  for (const seed of cfg.seeds) {
    for (const [i, neuron] of comparedNeurons(cfg).entries()) {
      const keep = i === 0 && !headline;
      const r = await runAndMeasure(cfg, data, { neuron, seed, progress }, keep);
      rows.push(r.row);
      if (keep) headline = r;
    }
  }
  if (!headline) throw new Error(sdtMessages.noSeeds("runNeuronAblation"));
  return { rows, headline: headline.run, headlineEnergy: headline.energy };
}

/** D sweep (claim 4): I-LIF T=1 with each D of `cfg.dSweep` over every seed of `cfg.seeds` (runs in `known` reused). */
export async function runDSweep(cfg: SdtConfig, data: DigitData, known: AccRow[] = [], progress?: ProgressMode): Promise<AccRow[]> {
  const rows: AccRow[] = [];
  for (const seed of cfg.seeds) {
    for (const D of cfg.dSweep) {
      const have = known.find((r) => r.kind === "I-LIF" && r.T === 1 && r.D === D && r.seed === seed && r.attention === "sdsa");
      rows.push(have ?? (await runAndMeasure(cfg, data, { neuron: { kind: "ilif", D, T: 1 }, seed, progress })).row);
    }
  }
  return rows;
}

/** Attention variants with the headline neuron on the first seed (reuses the SDSA run when given); no claim reads them. */
export async function runAttentionAblation(cfg: SdtConfig, data: DigitData, known: AccRow[] = [], progress?: ProgressMode): Promise<AccRow[]> {
  const rows: AccRow[] = [];
  const seed = cfg.seeds[0];
  for (const attention of cfg.attentions) {
    const have = known.find((r) => r.kind === "I-LIF" && r.T === 1 && r.D === cfg.D && r.seed === seed && r.attention === attention);
    rows.push(have ?? (await runAndMeasure(cfg, data, { neuron: { kind: "ilif", D: cfg.D, T: 1 }, seed, attention, progress })).row);
  }
  return rows;
}

/** One row of the MAE table. */
export interface MaeRow {
  /** "none" = trained from scratch. */
  mask: number | "none";
  labels: number;
  seed: number;
  acc: number;
  /** Final pretraining loss (masked-patch MSE on normalised pixels); null from scratch. */
  pretrainLoss: number | null;
}

/**
 * Spike-masked autoencoding (claim 5), for every seed of `cfg.seeds`: pretrain on `maePretrainImages` unlabelled
 * training images with each mask ratio, finetune on the first `labels` images of the training subset, against
 * training from scratch on the same labels and budget (same seed: same initial encoder weights and batches).
 * No label counts (`default`): nothing runs, no rows.
 */
export async function runMae(cfg: SdtConfig, data: DigitData, progress?: ProgressMode): Promise<MaeRow[]> {
  const rows: MaeRow[] = [];
  for (const seed of cfg.seeds) {
    for (const mask of ["none" as const, ...cfg.maskRatios]) {
      const pre = mask === "none" ? null : await pretrainMae(cfg, data, seed, mask, progress);
      for (const labels of cfg.labelCounts) {
        let init: SpikeFormer | undefined;
        if (pre) {
          // a fresh copy of the pretrained encoder for each label count
          init = buildSpikeFormer(ARCHS.tiny, new Rng(seed).fork("weights"));
          for (const [k, v] of pre.model.params.vars) init.params.get(k).assign(v);
        }
        const label = `${mask === "none" ? "scratch" : `MAE ${mask}`}, ${labels} labels`;
        const few = take(data.train, labels);
        const r = await trainClassifier(cfg, data, { neuron: maeNeuron(cfg), seed, trainSet: few, epochs: cfg.finetuneEpochs, init, label, progress });
        r.model.params.dispose();
        few.x.dispose();
        rows.push({ mask, labels, seed, acc: r.acc, pretrainLoss: pre ? pre.loss : null });
      }
      pre?.model.params.dispose();
    }
  }
  return rows;
}

function maeNeuron(cfg: SdtConfig): NeuronSpec {
  return { kind: "ilif", D: cfg.D, T: 1 };
}

/** Spike-MAE pretraining of a fresh encoder (seed's initial weights) on `maePretrainImages` unlabelled images. */
async function pretrainMae(cfg: SdtConfig, data: DigitData, seed: number, mask: number, progress?: ProgressMode): Promise<{ model: SpikeFormer; loss: number }> {
  const neuron = maeNeuron(cfg);
  const unlabelled = take(data.train, cfg.maePretrainImages);
  const model = buildSpikeFormer(ARCHS.tiny, new Rng(seed).fork("weights"));
  const dec = buildDecoder(ARCHS.tiny.stages[ARCHS.tiny.stages.length - 1].width, 7, 4, 1, new Rng(seed).fork("decoder"));
  const rng = new Rng(seed).fork(`mae-${mask}`);
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
    loss: (b) => maeLoss(model, dec, b.x, b.mask, neuron),
    optimizer: opt,
    variables: { ...model.params.trainable(), ...Object.fromEntries([...dec.params.vars].map(([k, v]) => [`dec/${k}`, v])) },
    epochs: cfg.maePretrainEpochs,
    progress: progress ?? "auto",
    title: `spike-MAE pretraining, mask ${mask} (seed ${seed})`,
  });
  opt.dispose();
  dec.params.dispose();
  unlabelled.x.dispose();
  return { model, loss: res.epochs[res.epochs.length - 1].loss };
}

/** Training cost of one config (claim 3). */
export interface CostRow {
  config: string;
  /** Median wall time of one training step, ms. */
  msPerStep: number;
  /** Peak tensor memory during one step (tf.profile), MB. */
  peakMB: number;
}

/**
 * Training cost per config (claim 3): one step of batch `cfg.costBatch` on a fixed batch, `cfg.costSteps` steps timed
 * on this process's CPU clock (median, after one warm-up and one profiled step; wall time on a shared machine is
 * noise) and one step's peak tensor memory (tf.profile).
 */
export async function measureCost(cfg: SdtConfig, data: DigitData, neurons: NeuronSpec[]): Promise<CostRow[]> {
  const rows: CostRow[] = [];
  for (const neuron of neurons) {
    const m = buildSpikeFormer(ARCHS.tiny, new Rng(cfg.seed).fork("weights"));
    const opt = adamw({ learningRate: 1e-3, weightDecay: cfg.weightDecay });
    const vars = [...m.params.vars.values()];
    const b = batches(data.train, cfg.costBatch, new Rng(cfg.seed)).next().value as { x: tf.Tensor4D; y: tf.Tensor2D };
    const step = () => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(b.y, forward(m, b.x, { training: true, neuron })) as tf.Scalar, vars);
      opt.applyGradients(grads);
    });
    step(); // warm-up: kernels compiled, optimizer slots created
    const prof = await tf.profile(() => step());
    const msPerStep = await medianStepMs(step, { warmup: 0, reps: cfg.costSteps, clock: "cpu" });
    rows.push({ config: neuronLabel(neuron), msPerStep, peakMB: prof.peakBytes / 2 ** 20 });
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
