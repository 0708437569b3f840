/**
 * Throughput and efficiency accounting (card §2.5; our arithmetic, not the authors' derivation). A common DONN
 * convention counts each layer as fully connected from M input to M output pixels at 2 operations per
 * multiply-accumulate: OPS/frame = 2·L·M², OPS/s = OPS/frame × FPS. Conventions differ (complex vs real multiplies,
 * the detector): never compare across them.
 */

/** The abstract's hardware numbers (context, not claims). */
export const PAPER_HARDWARE = {
  /** Frames per second. */
  fps: 3649,
  /** Speed-up over reported DONNs ("~30×"). */
  speedup: 30,
  /** Computational speed, TOPS. */
  tops: 417.96,
  /** System energy efficiency, TOPS/W. */
  topsPerWatt: 12.6,
  source: "arXiv 2409.05726 v2 abstract",
} as const;

/** OPS per frame of an L-layer network on M pixels: 2·L·M². */
export function opsPerFrame(layers: number, pixels: number): number {
  return 2 * layers * pixels * pixels;
}

/** What the abstract implies: operations per frame, power, the earlier DONNs' frame rate, and M for L layers. */
export function impliedByAbstract(layers: readonly number[] = [1, 2]): { opsPerFrame: number; watts: number; priorFps: number; pixels: { layers: number; M: number; side: number }[] } {
  const ops = (PAPER_HARDWARE.tops * 1e12) / PAPER_HARDWARE.fps; // 417.96e12 / 3649 ≈ 1.145e11
  return {
    opsPerFrame: ops,
    watts: PAPER_HARDWARE.tops / PAPER_HARDWARE.topsPerWatt, // ≈ 33 W
    priorFps: PAPER_HARDWARE.fps / PAPER_HARDWARE.speedup, // ≈ 120 FPS
    pixels: layers.map((L) => {
      const M = Math.sqrt(ops / (2 * L)); // 2·L·M² = ops
      return { layers: L, M, side: Math.sqrt(M) };
    }),
  };
}

/** One row of the accounting table (claim 6). */
export interface AccountingRow {
  config: string;
  layers: number;
  /** Pixels per layer M = N² (× K experts side by side). */
  M: number;
  opsPerFrame: number;
  /** OPS/s at the paper's 3649 FPS, TOPS. */
  topsAtPaperFps: number;
}

/** Rows for our configurations (K experts side by side count K·N² pixels per layer, each expert its own L layers). */
export function accountingRows(configs: readonly { name: string; N: number; layers: number; K: number }[]): AccountingRow[] {
  return configs.map((c) => {
    const ops = c.K * opsPerFrame(c.layers, c.N * c.N);
    return { config: c.name, layers: c.layers, M: c.K * c.N * c.N, opsPerFrame: ops, topsAtPaperFps: (ops * PAPER_HARDWARE.fps) / 1e12 };
  });
}
