import { test } from "node:test";
import assert from "node:assert/strict";
import { cholesky, cholSolve, eye, fromRows, inverseSpd, josephUpdate, mul, mulT, toRows, transpose, addScaled } from "../../../lib/gnss/linalg";

const TOL = 1e-9;

function close(a: number[][], b: number[][], tol: number, what: string): void {
  a.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - b[i][j]) <= tol, `${what}[${i}][${j}]: ${v} vs ${b[i][j]}`)));
}

test("cholesky reconstructs an SPD matrix and cholSolve solves to 1e-9", () => {
  const A = fromRows([[4, 2, 0.6], [2, 5, 1], [0.6, 1, 3]]);
  const L = cholesky(A);
  close(toRows(mulT(L, L)), toRows(A), TOL, "LLᵀ");
  const X = cholSolve(L, eye(3));
  close(toRows(mul(A, X)), toRows(eye(3)), TOL, "A·A⁻¹");
  close(toRows(inverseSpd(A)), toRows(X), TOL, "inverseSpd");
});

test("cholesky rejects a non-positive-definite matrix with the pivot in the message", () => {
  assert.throws(() => cholesky(fromRows([[1, 2], [2, 1]])), /not positive definite \(pivot 1/);
});

test("Joseph update equals the closed-form linear-Gaussian posterior (information form) to 1e-9", () => {
  // Prior N(x0, P0), measurement z = H x + e, e ~ N(0, R). Closed form: P⁺ = (P0⁻¹ + Hᵀ R⁻¹ H)⁻¹,
  // x⁺ = P⁺ (P0⁻¹ x0 + Hᵀ R⁻¹ z). The Kalman/Joseph update must give the same mean and covariance.
  const P0 = fromRows([[2.0, 0.3, 0.1], [0.3, 1.5, -0.2], [0.1, -0.2, 0.8]]);
  const H = fromRows([[1, 0, 1], [0, 2, -1]]);
  const R = fromRows([[0.5, 0.1], [0.1, 0.3]]);
  const x0 = [0.2, -0.4, 1.0];
  const z = [1.7, -2.1];
  const Hx = [x0[0] + x0[2], 2 * x0[1] - x0[2]];
  const v = [z[0] - Hx[0], z[1] - Hx[1]];
  const up = josephUpdate(P0, H, R, v);
  const info = addScaled(inverseSpd(P0), mul(mul(transpose(H), inverseSpd(R)), H));
  const Pc = inverseSpd(info);
  close(toRows(up.P), toRows(Pc), TOL, "P⁺");
  const rhs = fromRows([[0], [0], [0]]);
  const a = mul(inverseSpd(P0), fromRows(x0.map((t) => [t])));
  const b = mul(mul(transpose(H), inverseSpd(R)), fromRows(z.map((t) => [t])));
  for (let i = 0; i < 3; i++) rhs.data[i] = a.data[i] + b.data[i];
  const xc = mul(Pc, rhs);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(x0[i] + up.dx[i] - xc.data[i]) <= TOL, `x⁺[${i}]`);
});

test("innovation covariance S = H P Hᵀ + R", () => {
  const P = fromRows([[1, 0.5], [0.5, 2]]);
  const H = fromRows([[1, 1], [1, -1]]);
  const R = fromRows([[0.1, 0], [0, 0.2]]);
  const { S } = josephUpdate(P, H, R, [0, 0]);
  // H P Hᵀ = [[1+1+2·0.5, 1−2], [1−2, 1+2−2·0.5]] = [[4, −1], [−1, 2]]
  close(toRows(S), [[4.1, -1], [-1, 2.2]], TOL, "S");
});
