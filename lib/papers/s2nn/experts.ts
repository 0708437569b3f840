/**
 * OPMoE, optically parallel mixture of experts (card §2.4, reconstructed): K experts, each its own L masks and κ,
 * see the same binary frame side by side on one modulator; the output is the vote v_c = Σ_k s_{k,c} and the decision
 * its unique maximum (readout.ts). Three ways to get the experts:
 * (a) independent: BAT networks trained with different seeds (expert 0 of seed s is runReadouts' BAT network);
 * (b) joint: K experts trained together on the soft vote CE(softmax(τ·Σ_k σ(β(p_k − κ_k))), y);
 * (c) specialists: expert k reads only classes c ≡ k (mod K), one-vs-rest.
 */
import type { Prepared } from "./experiment";
import { seedsOf, specOf } from "./experiment";
import { disposeExpert, kappaValues } from "./model";
import { scoreVotes, spikesOf, type SpikeScore } from "./readout";
import { evaluateNet, ownedMask, trainNet, type TrainedNet } from "./train";

/** One OPMoE result. */
export interface ExpertRow extends SpikeScore {
  mode: "independent" | "joint" | "specialist";
  K: number;
  seed: number;
}

/** Seeds of the extra independent experts of seed s: s + 1000·j, j = 1 … K_max − 1. */
export const expertSeed = (seed: number, j: number): number => seed + 1000 * j;

/** Test spikes of trained experts at their own κ, masked to owned classes for specialists. */
function testSpikes(p: Prepared, nets: readonly TrainedNet[], specialistK = 0): Uint8Array[] {
  const experts = nets.flatMap((n) => n.experts);
  const ev = evaluateNet(p.bench, experts, p.x.testBin, p.cfg.train.evalBatch);
  return experts.map((e, k) => {
    const s = spikesOf(ev.p[k], kappaValues(e));
    if (specialistK) {
      const own = ownedMask(k, specialistK);
      for (let i = 0; i < s.length; i++) s[i] *= own[i % 10];
    }
    return s;
  });
}

/**
 * Claim 3: strict vote accuracy and ambiguity against K for independent experts (every seed), jointly trained ones
 * (cfg.joint: K and seeds) and specialists (cfg.specialistExperts, first seed). `batNets` are runReadouts' BAT
 * networks (one per seed, the chosen variant), used as expert 0.
 */
export async function runExperts(p: Prepared, batNets: readonly TrainedNet[], log: (s: string) => void = () => undefined): Promise<{ rows: ExpertRow[]; cpuS: number }> {
  const { cfg, bench, x, sets } = p;
  const labels = sets.test.labels;
  const rows: ExpertRow[] = [];
  let cpuS = 0;
  const kMax = Math.max(...cfg.experts);
  const variant = batNets[0]?.spec.variant ?? "card";
  for (const [i, seed] of seedsOf(cfg).entries()) {
    const nets = [batNets[i]];
    for (let j = 1; j < kMax; j++) {
      const net = await trainNet(bench, { x: x.trainBin, labels: sets.train.labels }, specOf(cfg, "bat", expertSeed(seed, j), { variant }));
      cpuS += net.cpuMs / 1000;
      nets.push(net);
    }
    const spikes = testSpikes(p, nets);
    for (const K of cfg.experts) {
      const row: ExpertRow = { mode: "independent", K, seed, ...scoreVotes(spikes.slice(0, K), labels) };
      rows.push(row);
      log(`independent K=${K} seed ${seed}: strict ${(100 * row.strict).toFixed(1)} %, ambiguous ${(100 * row.ambiguous).toFixed(1)} %`);
    }
    nets.slice(1).forEach((n) => n.experts.forEach(disposeExpert));
  }
  for (const { K, seeds } of cfg.joint) {
    for (const seed of seedsOf(cfg).slice(0, seeds)) {
      const net = await trainNet(bench, { x: x.trainBin, labels: sets.train.labels }, specOf(cfg, "joint", seed, { K }));
      cpuS += net.cpuMs / 1000;
      const row: ExpertRow = { mode: "joint", K, seed, ...scoreVotes(testSpikes(p, [net]), labels) };
      rows.push(row);
      log(`joint K=${K} seed ${seed}: strict ${(100 * row.strict).toFixed(1)} %, ambiguous ${(100 * row.ambiguous).toFixed(1)} % (${(net.cpuMs / 1000).toFixed(1)} CPU-s)`);
      net.experts.forEach(disposeExpert);
    }
  }
  for (const K of cfg.specialistExperts) {
    const net = await trainNet(bench, { x: x.trainBin, labels: sets.train.labels }, specOf(cfg, "specialist", cfg.seed, { K }));
    cpuS += net.cpuMs / 1000;
    const row: ExpertRow = { mode: "specialist", K, seed: cfg.seed, ...scoreVotes(testSpikes(p, [net], K), labels) };
    rows.push(row);
    log(`specialists K=${K}: strict ${(100 * row.strict).toFixed(1)} %, ambiguous ${(100 * row.ambiguous).toFixed(1)} %`);
    net.experts.forEach(disposeExpert);
  }
  return { rows, cpuS };
}

/** Mean of a metric over seeds for (mode, K). */
export function meanOf(rows: readonly ExpertRow[], mode: ExpertRow["mode"], K: number, key: "strict" | "ambiguous" | "tieBreak"): number {
  const xs = rows.filter((r) => r.mode === mode && r.K === K).map((r) => r[key]);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** Per-seed values of a metric for (mode, K), in seed order. */
export function perSeed(rows: readonly ExpertRow[], mode: ExpertRow["mode"], K: number, key: "strict" | "ambiguous"): Map<number, number> {
  return new Map(rows.filter((r) => r.mode === mode && r.K === K).map((r) => [r.seed, r[key]]));
}
