/**
 * Detector regions of the S2NN-style network (card §2.2 item 6, our layout): ten square regions of side `size` px in
 * three rows of 3, 4 and 3, centred on the grid, `gap` px apart. Region energies are one matmul: e = I·R with the
 * flattened intensity I [B, N²] and the 0/1 region matrix R [N², 10].
 */
import * as tf from "@tensorflow/tfjs";
import { s2nnMessages } from "./messages";

/** The detector layout. */
export interface DetectorConfig {
  /** Side of each square region, px. */
  size: number;
  /** Gap between neighbouring regions (and rows), px. */
  gap: number;
}

/** One region: top-left corner (x = column, y = row) and side, px. */
export interface Region {
  x: number;
  y: number;
  size: number;
}

/** Regions per row of the 3-4-3 layout (classes 0–2, 3–6, 7–9). */
export const ROWS = [3, 4, 3] as const;

/** The ten regions of the 3-4-3 layout centred on an N×N grid, checked (on the grid, no overlap). */
export function regionLayout(N: number, d: DetectorConfig): Region[] {
  const pitch = d.size + d.gap;
  const height = ROWS.length * pitch - d.gap;
  const y0 = Math.floor((N - height) / 2);
  const regions: Region[] = [];
  ROWS.forEach((count, r) => {
    const width = count * pitch - d.gap;
    const x0 = Math.floor((N - width) / 2);
    for (let i = 0; i < count; i++) regions.push({ x: x0 + i * pitch, y: y0 + r * pitch, size: d.size });
  });
  checkRegions(regions, N);
  return regions;
}

/** Throws when there are not 10 regions, one leaves the N×N grid, or two overlap. */
export function checkRegions(regions: readonly Region[], N: number): void {
  if (regions.length !== 10) throw new Error(s2nnMessages.badRegions(regions.length));
  regions.forEach((r, c) => {
    const ok = Number.isInteger(r.x) && Number.isInteger(r.y) && Number.isInteger(r.size) && r.size >= 1 && r.x >= 0 && r.y >= 0 && r.x + r.size <= N && r.y + r.size <= N;
    if (!ok) throw new Error(s2nnMessages.regionOffGrid(c, r.x, r.y, r.size, N));
  });
  for (let a = 0; a < regions.length; a++) {
    for (let b = a + 1; b < regions.length; b++) {
      const p = regions[a], q = regions[b];
      const apart = p.x + p.size <= q.x || q.x + q.size <= p.x || p.y + p.size <= q.y || q.y + q.size <= p.y;
      if (!apart) throw new Error(s2nnMessages.regionsOverlap(a, b));
    }
  }
}

/**
 * The region matrix R [N², 10]: R[i·N + j, c] = 1 when pixel (row i, column j) lies in region c. With `transposed`
 * it indexes a field stored transposed (pixel (i, j) at j·N + i), so e = I·R needs no transpose of I.
 */
export function regionMatrix(regions: readonly Region[], N: number, transposed = false): tf.Tensor2D {
  checkRegions(regions, N);
  const m = new Float32Array(N * N * 10);
  regions.forEach((r, c) => {
    for (let i = r.y; i < r.y + r.size; i++) {
      for (let j = r.x; j < r.x + r.size; j++) m[(transposed ? j * N + i : i * N + j) * 10 + c] = 1;
    }
  });
  return tf.tensor2d(m, [N * N, 10]);
}
