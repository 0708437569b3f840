/**
 * Small dense Float64 linear algebra for Kalman filters (matrices up to ~100×100).
 *
 * A matrix is `{ rows, cols, data }` with `data` a row-major Float64Array: element (i, j) is `data[i * cols + j]`.
 * Chosen over ml-matrix for the filter's hot path: no per-element method calls, no object per row, and the few
 * operations a filter needs (Cholesky solve, Joseph-form update, symmetry enforcement) in one readable file.
 */

/** A dense row-major float64 matrix. */
export interface Mat {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** rows×cols zero matrix. */
export function zeros(rows: number, cols: number): Mat {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** n×n identity. */
export function eye(n: number): Mat {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** Matrix from an array of rows; throws if the rows differ in length. */
export function fromRows(rows: readonly (readonly number[])[]): Mat {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const m = zeros(r, c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new Error(`fromRows: row ${i} has ${row.length} entries, expected ${c}`);
    for (let j = 0; j < c; j++) m.data[i * c + j] = row[j];
  });
  return m;
}

/** Diagonal matrix from a vector. */
export function diag(v: ArrayLike<number>): Mat {
  const n = v.length;
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = v[i];
  return m;
}

/** Array of rows (for tests and display). */
export function toRows(a: Mat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) out.push(Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
  return out;
}

/** Copy of a matrix. */
export function clone(a: Mat): Mat {
  return { rows: a.rows, cols: a.cols, data: new Float64Array(a.data) };
}

function checkInner(op: string, a: Mat, b: Mat, ak: number, bk: number): void {
  if (ak !== bk) throw new Error(`${op}: inner sizes differ, got [${a.rows},${a.cols}] and [${b.rows},${b.cols}]`);
}

/** C = A B. [r,k]·[k,c] → [r,c] */
export function mul(a: Mat, b: Mat): Mat {
  checkInner("mul", a, b, a.cols, b.rows);
  const c = zeros(a.rows, b.cols);
  const n = b.cols;
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      const bo = k * n;
      const co = i * n;
      for (let j = 0; j < n; j++) c.data[co + j] += aik * b.data[bo + j];
    }
  }
  return c;
}

/** C = A Bᵀ. [r,k]·[c,k]ᵀ → [r,c] */
export function mulT(a: Mat, b: Mat): Mat {
  checkInner("mulT", a, b, a.cols, b.cols);
  const c = zeros(a.rows, b.rows);
  const k = a.cols;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.rows; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a.data[i * k + t] * b.data[j * k + t];
      c.data[i * b.rows + j] = s;
    }
  }
  return c;
}

/** Aᵀ. [r,c] → [c,r] */
export function transpose(a: Mat): Mat {
  const t = zeros(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}

/** A + s·B (same shape). */
export function addScaled(a: Mat, b: Mat, s = 1): Mat {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new Error(`addScaled: shapes differ, got [${a.rows},${a.cols}] and [${b.rows},${b.cols}]`);
  }
  const c = clone(a);
  for (let i = 0; i < c.data.length; i++) c.data[i] += s * b.data[i];
  return c;
}

/** y = A x. [r,c]·[c] → [r] */
export function mulVec(a: Mat, x: ArrayLike<number>): Float64Array {
  if (x.length !== a.cols) throw new Error(`mulVec: vector length ${x.length} does not match ${a.cols} columns`);
  const y = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let j = 0; j < a.cols; j++) s += a.data[i * a.cols + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** In place: A ← (A + Aᵀ)/2. Kalman covariances drift from symmetry by rounding; this removes the drift. */
export function symmetrize(a: Mat): Mat {
  const n = a.rows;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const m = 0.5 * (a.data[i * n + j] + a.data[j * n + i]);
      a.data[i * n + j] = m;
      a.data[j * n + i] = m;
    }
  }
  return a;
}

/**
 * Lower Cholesky factor L with A = L Lᵀ. Throws when A is not symmetric positive definite (with the failing pivot),
 * which in a filter usually means a covariance lost definiteness: check R and Q.
 */
export function cholesky(a: Mat): Mat {
  const n = a.rows;
  if (a.cols !== n) throw new Error(`cholesky: matrix must be square, got [${a.rows},${a.cols}]`);
  const l = zeros(n, n);
  const L = l.data;
  const A = a.data;
  for (let j = 0; j < n; j++) {
    let s = A[j * n + j];
    for (let k = 0; k < j; k++) s -= L[j * n + k] * L[j * n + k];
    if (!(s > 0)) throw new Error(`cholesky: matrix is not positive definite (pivot ${j} = ${s}); check the covariance`);
    const d = Math.sqrt(s);
    L[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = A[i * n + j];
      for (let k = 0; k < j; k++) t -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = t / d;
    }
  }
  return l;
}

/** Solves A X = B for X given the Cholesky factor L of A. [n,n], [n,c] → [n,c] */
export function cholSolve(l: Mat, b: Mat): Mat {
  const n = l.rows;
  if (b.rows !== n) throw new Error(`cholSolve: right-hand side has ${b.rows} rows, expected ${n}`);
  const x = clone(b);
  const L = l.data;
  const X = x.data;
  const c = b.cols;
  for (let col = 0; col < c; col++) {
    for (let i = 0; i < n; i++) {
      let s = X[i * c + col];
      for (let k = 0; k < i; k++) s -= L[i * n + k] * X[k * c + col];
      X[i * c + col] = s / L[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = X[i * c + col];
      for (let k = i + 1; k < n; k++) s -= L[k * n + i] * X[k * c + col];
      X[i * c + col] = s / L[i * n + i];
    }
  }
  return x;
}

/** A⁻¹ of a symmetric positive-definite matrix via Cholesky. */
export function inverseSpd(a: Mat): Mat {
  return symmetrize(cholSolve(cholesky(a), eye(a.rows)));
}

/** Result of one Kalman measurement update. */
export interface KalmanUpdate {
  /** State correction δx = K v. [n] */
  dx: Float64Array;
  /** Posterior covariance (Joseph form, symmetrised). [n,n] */
  P: Mat;
  /** Innovation covariance S = H P Hᵀ + R. [m,m] */
  S: Mat;
  /** Gain K = P Hᵀ S⁻¹. [n,m] */
  K: Mat;
}

/**
 * Kalman measurement update in Joseph form.
 * S = H P Hᵀ + R; K = P Hᵀ S⁻¹ (by Cholesky solve: Kᵀ = S⁻¹ H P); δx = K v;
 * P⁺ = (I − K H) P (I − K H)ᵀ + K R Kᵀ, which stays positive semi-definite for any gain.
 * Shapes: P [n,n], H [m,n], R [m,m], v [m].
 */
export function josephUpdate(P: Mat, H: Mat, R: Mat, v: ArrayLike<number>): KalmanUpdate {
  const n = P.rows;
  const m = H.rows;
  if (H.cols !== n) throw new Error(`josephUpdate: H has ${H.cols} columns, expected ${n} (state size)`);
  if (R.rows !== m || R.cols !== m) throw new Error(`josephUpdate: R must be [${m},${m}], got [${R.rows},${R.cols}]`);
  if (v.length !== m) throw new Error(`josephUpdate: innovation has length ${v.length}, expected ${m}`);
  const HP = mul(H, P); // [m,n]
  const S = symmetrize(addScaled(mulT(HP, H), R)); // [m,m]
  const Kt = cholSolve(cholesky(S), HP); // [m,n] = S⁻¹ H P
  const K = transpose(Kt); // [n,m]
  const dx = mulVec(K, v);
  const IKH = addScaled(eye(n), mul(K, H), -1); // [n,n]
  const Pp = addScaled(mulT(mul(IKH, P), IKH), mulT(mul(K, R), K));
  return { dx, P: symmetrize(Pp), S, K };
}
