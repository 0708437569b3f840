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
import { medianStepMs } from "../../kit";
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

/** Times `cfg.costSteps` training steps (median, after one warm-up and one profiled step) and profiles one step's peak memory. */
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
    const msPerStep = await medianStepMs(step, { warmup: 0, reps: cfg.costSteps });
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
