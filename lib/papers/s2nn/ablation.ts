/**
 * The card's ablations and checks (§5), one seed each: layers L and modulation (analog readout, binary input, plus the
 * post-hoc spiking readout), the Fresnel propagator against the exact angular spectrum on test frames, and the
 * low-level edge-map task (edge.ts).
 */
import * as tf from "@tensorflow/tfjs";
import type { Prepared } from "./experiment";
import { specOf } from "./experiment";
import { edgeMaps } from "./data";
import { disposeEdge, edgeSpikes, iou, trainEdge } from "./edge";
import { disposeExpert, intensity, makeBench, maskValues, type Bench, type Modulation } from "./model";
import { fresnelPhaseError } from "./optics";
import { analogAccuracy, posthocKappa, scoreSpikes } from "./readout";
import { evaluateNet, trainNet, type TrainedNet } from "./train";

/** One ablation result. */
export interface AblationRow {
  ablation: "layers" | "modulation";
  /** "L=1" …, or the modulation. */
  setting: string;
  layers: number;
  modulation: Modulation;
  /** Analog test accuracy. */
  analog: number;
  /** Strict accuracy of the post-hoc spiking readout. */
  posthocStrict: number;
  cpuS: number;
}

function ablationRow(p: Prepared, bench: Bench, net: TrainedNet, ablation: AblationRow["ablation"], setting: string): AblationRow {
  const { cfg, x, sets } = p;
  const tr = evaluateNet(bench, net.experts, x.trainBin, cfg.train.evalBatch);
  const te = evaluateNet(bench, net.experts, x.testBin, cfg.train.evalBatch);
  const kappa = posthocKappa(tr.p[0], sets.train.labels).kappa;
  return {
    ablation, setting, layers: bench.cfg.layers, modulation: bench.cfg.modulation, analog: analogAccuracy(te.e[0], sets.test.labels),
    posthocStrict: scoreSpikes(te.p[0], kappa, sets.test.labels).strict, cpuS: net.cpuMs / 1000,
  };
}

/**
 * L ∈ cfg.layerSweep and every modulation of cfg.modulations (seed cfg.seed); the main network (L = cfg.layers,
 * phase) is `mainNet` (runInputs' first binary network), not retrained.
 */
export async function runAblations(p: Prepared, mainNet: TrainedNet, log: (s: string) => void = () => undefined): Promise<AblationRow[]> {
  const { cfg, x, sets } = p;
  const rows: AblationRow[] = [];
  const run = async (layers: number, modulation: Modulation, ablation: AblationRow["ablation"], setting: string) => {
    if (layers === cfg.layers && modulation === "phase") return ablationRow(p, p.bench, mainNet, ablation, setting);
    const bench = makeBench({ optics: cfg.optics, layers, modulation, detector: cfg.detector });
    const net = await trainNet(bench, { x: x.trainBin, labels: sets.train.labels }, specOf(cfg, "analog", cfg.seed, { name: `ablation-L${layers}-${modulation}` }));
    const row = ablationRow(p, bench, net, ablation, setting);
    net.experts.forEach(disposeExpert);
    bench.dispose();
    return row;
  };
  for (const L of [...new Set([...cfg.layerSweep, cfg.layers])].sort((a, b) => a - b)) {
    rows.push(await run(L, "phase", "layers", `L=${L}`));
    log(`L=${L}: analog ${(100 * rows[rows.length - 1].analog).toFixed(1)} %`);
  }
  for (const m of cfg.modulations) {
    rows.push(await run(cfg.layers, m, "modulation", m));
    log(`${m}: analog ${(100 * rows[rows.length - 1].analog).toFixed(1)} %`);
  }
  return rows;
}

/** Fresnel against the exact angular spectrum on the same trained masks. */
export interface ExactCheck {
  images: number;
  fresnelAcc: number;
  exactAcc: number;
  /** Share of frames whose analog decision is the same under both. */
  agreement: number;
  /** max |e_F − e_exact| / max e_exact over frames and regions. */
  maxRelEnergyDiff: number;
  /** Kernel phase error (rad) at the band edge and corner (optics.fresnelPhaseError). */
  phaseError: { edge: number; corner: number };
}

/** Runs `net` (trained with Fresnel hops) on the first cfg.exactImages test frames with both propagators. */
export function runExactCheck(p: Prepared, net: TrainedNet): ExactCheck {
  const { cfg, x, sets } = p;
  const n = Math.min(cfg.exactImages, sets.test.n);
  const exact = makeBench(p.bench.cfg, "exact");
  const frames = tf.slice(x.testBin, [0, 0, 0], [n, -1, -1]);
  const labels = sets.test.labels.subarray(0, n);
  const eF = evaluateNet(p.bench, net.experts, frames, 64).e[0];
  const eX = evaluateNet(exact, net.experts, frames, 64).e[0];
  let agree = 0, maxDiff = 0, maxE = 0;
  for (let i = 0; i < n; i++) {
    const arg = (e: Float32Array) => { let b = 0; for (let c = 1; c < 10; c++) if (e[i * 10 + c] > e[i * 10 + b]) b = c; return b; };
    if (arg(eF) === arg(eX)) agree++;
  }
  for (let i = 0; i < eF.length; i++) { maxDiff = Math.max(maxDiff, Math.abs(eF[i] - eX[i])); maxE = Math.max(maxE, eX[i]); }
  tf.dispose(frames);
  exact.dispose();
  return { images: n, fresnelAcc: analogAccuracy(eF, labels), exactAcc: analogAccuracy(eX, labels), agreement: agree / n, maxRelEnergyDiff: maxDiff / maxE, phaseError: fresnelPhaseError(cfg.optics) };
}

/** The edge-map task's result. */
export interface EdgeResult {
  /** Pooled IoU of the hard edge spikes on the test frames. */
  iou: number;
  /** IoU of the trivial prediction "every on pixel is an edge" (context). */
  iouInput: number;
  theta: number;
  /** Example frames [N·N] each: input, target edge map, spikes. */
  examples: { input: number[]; target: number[]; spikes: number[] }[];
  N: number;
  cpuS: number;
}

/** G7: trains the edge network on cfg.edge.train binary training frames, scores cfg.edge.test test frames. */
export async function runEdgeTask(p: Prepared, examples = 3): Promise<EdgeResult> {
  const { cfg, x } = p;
  const N = cfg.optics.N;
  const nTr = Math.min(cfg.edge.train, x.trainBin.shape[0]), nTe = Math.min(cfg.edge.test, x.testBin.shape[0]);
  const xtr = tf.slice(x.trainBin, [0, 0, 0], [nTr, -1, -1]) as tf.Tensor3D;
  const xte = tf.slice(x.testBin, [0, 0, 0], [nTe, -1, -1]) as tf.Tensor3D;
  const ttr = tf.tensor3d(edgeMaps(xtr.dataSync() as Float32Array, nTr, N), [nTr, N, N]);
  const target = edgeMaps(xte.dataSync() as Float32Array, nTe, N);
  const net = await trainEdge(p.bench, xtr, ttr, cfg.train, cfg.edge.epochs, cfg.seed);
  const sp = edgeSpikes(p.bench, net, xte);
  const spikes = sp.dataSync();
  const input = xte.dataSync();
  const out: EdgeResult = {
    iou: iou(spikes, target), iouInput: iou(input, target), theta: Math.exp(net.thetaLog.dataSync()[0]), N, cpuS: net.cpuMs / 1000,
    examples: Array.from({ length: Math.min(examples, nTe) }, (_, i) => ({
      input: Array.from(input.subarray(i * N * N, (i + 1) * N * N)), target: Array.from(target.subarray(i * N * N, (i + 1) * N * N)),
      spikes: Array.from(spikes.subarray(i * N * N, (i + 1) * N * N)),
    })),
  };
  tf.dispose([xtr, xte, ttr, sp]);
  disposeEdge(net);
  return out;
}

/** G1 data: the input frame, each learned mask's phase (or amplitude) and the detector intensity of one test frame. */
export function maskPanels(p: Prepared, net: TrainedNet, frame = 0): { input: Float32Array; masks: Float32Array[]; intensity: Float32Array; N: number } {
  const N = p.cfg.optics.N;
  const x1 = tf.slice(p.x.testBin, [frame, 0, 0], [1, -1, -1]) as tf.Tensor3D;
  const I = intensity(p.bench, net.experts[0], x1);
  const out = { input: x1.dataSync() as Float32Array, masks: net.experts[0].masks.map((w) => maskValues(w, p.bench.cfg.modulation)), intensity: I.dataSync() as Float32Array, N };
  tf.dispose([x1, I]);
  return out;
}

