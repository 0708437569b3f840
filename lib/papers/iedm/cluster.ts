/**
 * One-dimensional clustering of innovations (I-EDM step 2, reconstructed): DBSCAN, a median ± k·MAD rule and
 * k-means. Each returns the members of the largest cluster ("consistent" set) and its centre (the median of its
 * members, robust to the cluster's edge points).
 */

/** Result of a 1-D clustering: index lists into the input, the main cluster and its centre. */
export interface Clustering1D {
  /** Cluster label per input value (−1 = noise). [n] */
  labels: number[];
  /** Indices of the largest cluster (ties: the one with the smaller |centre|). */
  main: number[];
  /** Median of the main cluster's values; the overall median when no cluster formed. */
  centre: number;
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

function pickMain(values: readonly number[], labels: number[]): Clustering1D {
  const groups = new Map<number, number[]>();
  labels.forEach((l, i) => {
    if (l < 0) return;
    const g = groups.get(l) ?? [];
    g.push(i);
    groups.set(l, g);
  });
  let main: number[] = [];
  let mainCentre = median(values);
  for (const g of groups.values()) {
    const c = median(g.map((i) => values[i]));
    if (g.length > main.length || (g.length === main.length && Math.abs(c) < Math.abs(mainCentre))) {
      main = g;
      mainCentre = c;
    }
  }
  return { labels, main, centre: mainCentre };
}

/**
 * DBSCAN in one dimension: sort, then a point is a core point when at least `minPts` values (itself included) lie
 * within ±eps; clusters are chains of core points ≤ eps apart plus their border points. O(n log n).
 */
export function dbscan1d(values: readonly number[], eps: number, minPts: number): Clustering1D {
  const n = values.length;
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const sorted = order.map((i) => values[i]);
  const core = new Array<boolean>(n).fill(false);
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < n; k++) {
    while (sorted[k] - sorted[lo] > eps) lo++;
    if (hi < k) hi = k;
    while (hi + 1 < n && sorted[hi + 1] - sorted[k] <= eps) hi++;
    core[k] = hi - lo + 1 >= minPts;
  }
  const labelSorted = new Array<number>(n).fill(-1);
  let label = -1;
  let lastCore = -1;
  for (let k = 0; k < n; k++) {
    if (!core[k]) continue;
    if (lastCore < 0 || sorted[k] - sorted[lastCore] > eps) label++;
    labelSorted[k] = label;
    // border points between the previous core point and this one, and those reachable on each side
    for (let j = k - 1; j >= 0 && sorted[k] - sorted[j] <= eps && labelSorted[j] < 0; j--) labelSorted[j] = label;
    for (let j = k + 1; j < n && sorted[j] - sorted[k] <= eps && !core[j]; j++) if (labelSorted[j] < 0) labelSorted[j] = label;
    lastCore = k;
  }
  const labels = new Array<number>(n).fill(-1);
  order.forEach((orig, k) => (labels[orig] = labelSorted[k]));
  return pickMain(values, labels);
}

/** Median ± k·MAD rule (MAD scaled by 1.4826 to estimate σ, floored at `minScale`): inliers form the main cluster. */
export function madCluster(values: readonly number[], k = 3, minScale = 1e-9): Clustering1D {
  const med = median(values);
  const mad = Math.max(1.4826 * median(values.map((v) => Math.abs(v - med))), minScale);
  const labels = values.map((v) => (Math.abs(v - med) <= k * mad ? 0 : -1));
  return pickMain(values, labels);
}

/** 1-D k-means (Lloyd), deterministic initialisation at the quantiles; every point gets a cluster. */
export function kmeans1d(values: readonly number[], k = 2, iterations = 50): Clustering1D {
  const n = values.length;
  if (n === 0) return { labels: [], main: [], centre: 0 };
  const kk = Math.min(k, n);
  const s = [...values].sort((a, b) => a - b);
  const centres = Array.from({ length: kk }, (_, j) => s[Math.min(n - 1, Math.floor(((j + 0.5) * n) / kk))]);
  const labels = new Array<number>(n).fill(0);
  for (let it = 0; it < iterations; it++) {
    let changed = false;
    values.forEach((v, i) => {
      let best = 0;
      for (let j = 1; j < kk; j++) if (Math.abs(v - centres[j]) < Math.abs(v - centres[best])) best = j;
      if (labels[i] !== best) changed = true;
      labels[i] = best;
    });
    for (let j = 0; j < kk; j++) {
      const mem = values.filter((_, i) => labels[i] === j);
      if (mem.length) centres[j] = mem.reduce((a, b) => a + b, 0) / mem.length;
    }
    if (!changed && it > 0) break;
  }
  return pickMain(values, labels);
}
