/**
 * paperlab's SIMD WebAssembly kernels, written here as instruction lists (see wasm-asm.ts) and instantiated on the
 * tfjs WASM backend's own memory, so they work on tensors in place. 128-bit SIMD (f32x4), no FMA (WASM has none).
 *
 * - `bmm`: batched small products C[t] = A[t]·B[t] with register blocking of 4 rows × 4 columns (one f32x4 per row),
 *   for the [B,H,T,T]-sized products of attention that the stock kernel runs in a scalar loop and that XNNPACK packs
 *   anew for every batch entry.
 * - `adam`: the Adam/AdamW update of one variable in one pass over its memory (moments and weights updated in place).
 * Both take byte offsets on the heap. Element counts that are not multiples of 4 are the caller's to handle
 * (bmm requires M % 4 == 0 and N % 4 == 0; adam does the vector part, the caller the < 4 element tail).
 */
import { F32, FuncDef, I32, V128, buildModule, forLoop, op } from "./wasm-asm";

/** The part of the WebAssembly JS API used here (the project's lib settings do not include its types). */
interface WasmMemory { readonly buffer: ArrayBuffer | SharedArrayBuffer }
interface WasmApi {
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
/** The global WebAssembly object (Node ≥ 20 always has it). */
export const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];

/**
 * adam(p, q, g, m, v, nBytes, decay, b1, omb1, b2, omb2, step, invs, eps), nBytes a multiple of 16:
 *   m ← b1·m + omb1·g;  v ← b2·v + omb2·g²;  q ← p·decay − step·m / (√v·invs + eps)
 * (q is the new weight tensor: weights get a new buffer, see adam-fused.ts; moments are updated in place.)
 * with omb = 1 − b, step = lr / (1 − β1ᵗ), invs = 1 / √(1 − β2ᵗ), decay = 1 − lr·λ (1 for Adam).
 */
function adamFunc(): FuncDef {
  // params 0..5 i32 (p q g m v nBytes), 6..13 f32 (decay b1 omb1 b2 omb2 step invs eps)
  const [P, Q, G, M, V, N] = [0, 1, 2, 3, 4, 5];
  const i = 14;
  const [dV, b1V, o1V, b2V, o2V, sV, iV, eV, gv, mv, vv] = [15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25];
  const splat = (param: number, local: number) => [...op.get(param), ...op.f32x4Splat, ...op.set(local)];
  const at = (base: number) => [...op.get(base), ...op.get(i), ...op.i32Add];
  return {
    name: "adam", params: [I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32, F32], results: [],
    locals: [I32, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128],
    body: [
      splat(6, dV), splat(7, b1V), splat(8, o1V), splat(9, b2V), splat(10, o2V), splat(11, sV), splat(12, iV), splat(13, eV),
      forLoop(i, op.i32(0), op.get(N), op.i32(16), [
        [...at(G), ...op.v128Load(), ...op.set(gv)],
        // m ← b1·m + omb1·g
        [...at(M), ...at(M), ...op.v128Load(), ...op.get(b1V), ...op.f32x4Mul, ...op.get(o1V), ...op.get(gv), ...op.f32x4Mul,
          ...op.f32x4Add, ...op.tee(mv), ...op.v128Store()],
        // v ← b2·v + omb2·g·g
        [...at(V), ...at(V), ...op.v128Load(), ...op.get(b2V), ...op.f32x4Mul, ...op.get(o2V), ...op.get(gv), ...op.f32x4Mul,
          ...op.get(gv), ...op.f32x4Mul, ...op.f32x4Add, ...op.tee(vv), ...op.v128Store()],
        // q ← p·decay − step·m / (√v·invs + eps)
        [...at(Q), ...at(P), ...op.v128Load(), ...op.get(dV), ...op.f32x4Mul,
          ...op.get(sV), ...op.get(mv), ...op.f32x4Mul,
          ...op.get(vv), ...op.f32x4Sqrt, ...op.get(iV), ...op.f32x4Mul, ...op.get(eV), ...op.f32x4Add,
          ...op.f32x4Div, ...op.f32x4Sub, ...op.v128Store()],
      ]),
    ],
  };
}

/**
 * bmm(a, b, c, batch, M, K, N, sa, sb, sm, sk): for t < batch, C[t] (M×N, row-major, contiguous) = A[t] · B[t]
 * (K×N row-major), where A[t]'s element (m, k) is at a + t·sa + m·sm + k·sk (bytes): sm = 4K, sk = 4 for a row-major
 * A [M, K]; sm = 4, sk = 4M for a transposed one (A stored [K, M]), so Aᵀ·B needs no transposed copy.
 * B[t] at b + t·sb (byte strides; 0 broadcasts one matrix over the batch). M, N multiples of 4.
 * Each inner step loads one row quad of B and accumulates it into 4 output rows (4×4 outputs per k).
 */
function bmmFunc(): FuncDef {
  const [A, B, C, BATCH, M, K, N, SA, SB, SM, SK] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [bt, aB, bB, cB, m0, aRow, j, pa, pb, aEnd, nb, cRow, sm2, sm3] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];
  const [acc0, acc1, acc2, acc3, bv] = [25, 26, 27, 28, 29];
  const accs = [acc0, acc1, acc2, acc3];
  const rowOff = [[], op.get(SM), op.get(sm2), op.get(sm3)];
  // acc_r += splat(A[m0 + r, k]) · bv, reading A at pa + r·sm
  const accumulate = (r: number) => [
    ...op.get(accs[r]),
    ...op.get(pa), ...(r === 0 ? [] : [...rowOff[r], ...op.i32Add]), ...op.f32Load(),
    ...op.f32x4Splat, ...op.get(bv), ...op.f32x4Mul, ...op.f32x4Add, ...op.set(accs[r]),
  ];
  // C[m0 + r, j..j+3] ← acc_r at cRow + r·nb + j
  const store = (r: number) => [
    ...op.get(cRow), ...(r === 0 ? [] : [...op.get(nb), ...op.i32(r), ...op.i32Mul, ...op.i32Add]), ...op.get(j), ...op.i32Add,
    ...op.get(accs[r]), ...op.v128Store(),
  ];
  return {
    name: "bmm", params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32], results: [],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, V128, V128, V128, V128, V128],
    body: [
      [...op.get(N), ...op.i32(4), ...op.i32Mul, ...op.set(nb)],
      [...op.get(SM), ...op.i32(2), ...op.i32Mul, ...op.set(sm2)],
      [...op.get(SM), ...op.i32(3), ...op.i32Mul, ...op.set(sm3)],
      forLoop(bt, op.i32(0), op.get(BATCH), op.i32(1), [
        [...op.get(A), ...op.get(bt), ...op.get(SA), ...op.i32Mul, ...op.i32Add, ...op.set(aB)],
        [...op.get(B), ...op.get(bt), ...op.get(SB), ...op.i32Mul, ...op.i32Add, ...op.set(bB)],
        [...op.get(C), ...op.get(bt), ...op.get(M), ...op.get(nb), ...op.i32Mul, ...op.i32Mul, ...op.i32Add, ...op.set(cB)],
        forLoop(m0, op.i32(0), op.get(M), op.i32(4), [
          [...op.get(aB), ...op.get(m0), ...op.get(SM), ...op.i32Mul, ...op.i32Add, ...op.set(aRow)],
          [...op.get(cB), ...op.get(m0), ...op.get(nb), ...op.i32Mul, ...op.i32Add, ...op.set(cRow)],
          [...op.get(aRow), ...op.get(K), ...op.get(SK), ...op.i32Mul, ...op.i32Add, ...op.set(aEnd)],
          forLoop(j, op.i32(0), op.get(nb), op.i32(16), [
            [...v128Zero, ...op.set(acc0), ...v128Zero, ...op.set(acc1), ...v128Zero, ...op.set(acc2), ...v128Zero, ...op.set(acc3)],
            [...op.get(bB), ...op.get(j), ...op.i32Add, ...op.set(pb)],
            forLoop(pa, op.get(aRow), op.get(aEnd), op.get(SK), [
              [...op.get(pb), ...op.v128Load(), ...op.set(bv)],
              accumulate(0), accumulate(1), accumulate(2), accumulate(3),
              [...op.get(pb), ...op.get(nb), ...op.i32Add, ...op.set(pb)],
            ]),
            store(0), store(1), store(2), store(3),
          ]),
        ]),
      ]),
    ],
  };
}

/**
 * im2colT(src, dst, B, Hp, Wp, C, FH, FW, OH, OW, sh, sw, dh, dw): the transposed im2col matrix of a padded NHWC
 * input for a conv's filter gradient, Pᵀ [FH·FW·C, B·OH·OW]:
 *   Pᵀ[(i·FW + j)·C + c, (b·OH + oh)·OW + ow] = x[b, oh·sh + i·dh, ow·sw + j·dw, c]
 * written sequentially (reads strided), so that dW = Pᵀ · dy is one plain matmul with no transposed operand.
 */
function im2colTFunc(): FuncDef {
  const [SRC, DST, B, HP, WP, C, FH, FW, OH, OW, SH, SW, DH, DW] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const [i, j, c, b, oh, ow, s, d, step, rowB, imgB, base] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25];
  const mul = (x: number[], y: number[]) => [...x, ...y, ...op.i32Mul];
  const add = (x: number[], y: number[]) => [...x, ...y, ...op.i32Add];
  const g = op.get;
  return {
    name: "im2colT", params: new Array<typeof I32>(14).fill(I32), results: [],
    locals: new Array<typeof I32>(12).fill(I32),
    body: [
      [...mul(mul(g(SW), g(C)), op.i32(4)), ...op.set(step)],
      [...mul(mul(g(WP), g(C)), op.i32(4)), ...op.set(rowB)],
      [...mul(g(HP), g(rowB)), ...op.set(imgB)],
      [...g(DST), ...op.set(d)],
      forLoop(i, op.i32(0), g(FH), op.i32(1), [
        forLoop(j, op.i32(0), g(FW), op.i32(1), [
          forLoop(c, op.i32(0), g(C), op.i32(1), [
            // base = src + (i·dh)·rowB + ((j·dw)·C + c)·4
            [...add(add(g(SRC), mul(mul(g(i), g(DH)), g(rowB))), mul(add(mul(mul(g(j), g(DW)), g(C)), g(c)), op.i32(4))), ...op.set(base)],
            forLoop(b, op.i32(0), g(B), op.i32(1), [
              forLoop(oh, op.i32(0), g(OH), op.i32(1), [
                [...add(add(g(base), mul(g(b), g(imgB))), mul(mul(g(oh), g(SH)), g(rowB))), ...op.set(s)],
                forLoop(ow, op.i32(0), g(OW), op.i32(1), [
                  [...g(d), ...g(s), ...op.f32Load(), ...op.f32Store()],
                  [...add(g(s), g(step)), ...op.set(s)],
                  [...add(g(d), op.i32(4)), ...op.set(d)],
                ]),
              ]),
            ]),
          ]),
        ]),
      ]),
    ],
  };
}

/**
 * colsum(src, dst, R, rowBytes): dst[c] = Σ_r src[r, c] over a row-major [R, C] float32 matrix, C = rowBytes / 4 a
 * multiple of 4 (bias gradients). Rows are added in order into dst (zeroed first), in float32 like the stock kernels.
 */
function colsumFunc(): FuncDef {
  const [SRC, DST, R, RB] = [0, 1, 2, 3];
  const [j, p, end] = [4, 5, 6];
  return {
    name: "colsum", params: [I32, I32, I32, I32], results: [], locals: [I32, I32, I32],
    body: [
      forLoop(j, op.i32(0), op.get(RB), op.i32(16), [[...op.get(DST), ...op.get(j), ...op.i32Add, ...v128Zero, ...op.v128Store()]]),
      [...op.get(SRC), ...op.get(R), ...op.get(RB), ...op.i32Mul, ...op.i32Add, ...op.set(end)],
      forLoop(p, op.get(SRC), op.get(end), op.get(RB), [
        forLoop(j, op.i32(0), op.get(RB), op.i32(16), [[
          ...op.get(DST), ...op.get(j), ...op.i32Add,
          ...op.get(DST), ...op.get(j), ...op.i32Add, ...op.v128Load(),
          ...op.get(p), ...op.get(j), ...op.i32Add, ...op.v128Load(),
          ...op.f32x4Add, ...op.v128Store(),
        ]]),
      ]),
    ],
  };
}

/** Horizontal sum of the f32x4 in local `v` (lanes added 0+1+2+3, left to right). */
const hsum = (v: number) => [
  ...op.get(v), ...op.f32x4ExtractLane(0), ...op.get(v), ...op.f32x4ExtractLane(1), ...op.f32Add,
  ...op.get(v), ...op.f32x4ExtractLane(2), ...op.f32Add, ...op.get(v), ...op.f32x4ExtractLane(3), ...op.f32Add,
];

/**
 * lnFwd(x, g, y, mu, rs, rows, nBytes, invn, eps): LayerNorm over rows of n = nBytes/4 floats (n % 4 = 0):
 *   μ = Σx·invn, σ⁻¹ = 1/√(Σ(x−μ)²·invn + eps), y = (x − μ)·σ⁻¹·g; μ and σ⁻¹ stored per row.
 */
function lnFwdFunc(): FuncDef {
  const [X, G, Y, MU, RS, ROWS, NB, INVN, EPS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [r, j, xr, yr, m, inv, acc, mv, iv, d] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
  const at = (base: number) => [...op.get(base), ...op.get(j), ...op.i32Add];
  const rowLoop = (body: number[][]) => forLoop(j, op.i32(0), op.get(NB), op.i32(16), body);
  return {
    name: "lnFwd", params: [I32, I32, I32, I32, I32, I32, I32, F32, F32], results: [],
    locals: [I32, I32, I32, I32, F32, F32, V128, V128, V128, V128],
    body: [
      forLoop(r, op.i32(0), op.get(ROWS), op.i32(1), [
        [...op.get(X), ...op.get(r), ...op.get(NB), ...op.i32Mul, ...op.i32Add, ...op.set(xr)],
        [...op.get(Y), ...op.get(r), ...op.get(NB), ...op.i32Mul, ...op.i32Add, ...op.set(yr)],
        [...v128Zero, ...op.set(acc)],
        rowLoop([[...op.get(acc), ...at(xr), ...op.v128Load(), ...op.f32x4Add, ...op.set(acc)]]),
        [...hsum(acc), ...op.get(INVN), ...op.f32Mul, ...op.tee(m), ...op.f32x4Splat, ...op.set(mv)],
        [...v128Zero, ...op.set(acc)],
        rowLoop([[...at(xr), ...op.v128Load(), ...op.get(mv), ...op.f32x4Sub, ...op.tee(d), ...op.get(d), ...op.f32x4Mul,
          ...op.get(acc), ...op.f32x4Add, ...op.set(acc)]]),
        [...op.f32(1), ...hsum(acc), ...op.get(INVN), ...op.f32Mul, ...op.get(EPS), ...op.f32Add, ...op.f32Sqrt, ...op.f32Div,
          ...op.tee(inv), ...op.f32x4Splat, ...op.set(iv)],
        [...op.get(MU), ...op.get(r), ...op.i32(4), ...op.i32Mul, ...op.i32Add, ...op.get(m), ...op.f32Store()],
        [...op.get(RS), ...op.get(r), ...op.i32(4), ...op.i32Mul, ...op.i32Add, ...op.get(inv), ...op.f32Store()],
        rowLoop([[...at(yr), ...at(xr), ...op.v128Load(), ...op.get(mv), ...op.f32x4Sub, ...op.get(iv), ...op.f32x4Mul,
          ...at(G), ...op.v128Load(), ...op.f32x4Mul, ...op.v128Store()]]),
      ]),
    ],
  };
}

/**
 * lnBwd(dy, x, g, mu, rs, dx, dg, rows, nBytes, invn): LayerNorm backward, per row with x̂ = (x − μ)·σ⁻¹:
 *   a = Σ g·dy·invn, b = Σ g·dy·x̂·invn, dx = σ⁻¹·(g·dy − a − x̂·b); dg = Σ_rows dy·x̂ (dg zeroed first).
 */
function lnBwdFunc(): FuncDef {
  const [DY, X, G, MU, RS, DX, DG, ROWS, NB, INVN] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [r, j, xr, dyr, dxr, accA, accB, mv, iv, xh, gd, d, av, bv] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  const at = (base: number) => [...op.get(base), ...op.get(j), ...op.i32Add];
  const rowLoop = (body: number[][]) => forLoop(j, op.i32(0), op.get(NB), op.i32(16), body);
  const rowPtr = (base: number, local: number) => [...op.get(base), ...op.get(r), ...op.get(NB), ...op.i32Mul, ...op.i32Add, ...op.set(local)];
  const scalarAt = (base: number) => [...op.get(base), ...op.get(r), ...op.i32(4), ...op.i32Mul, ...op.i32Add, ...op.f32Load()];
  const xhat = [...at(xr), ...op.v128Load(), ...op.get(mv), ...op.f32x4Sub, ...op.get(iv), ...op.f32x4Mul];
  return {
    name: "lnBwd", params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, F32], results: [],
    locals: [I32, I32, I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128, V128],
    body: [
      rowLoop([[...at(DG), ...v128Zero, ...op.v128Store()]]),
      forLoop(r, op.i32(0), op.get(ROWS), op.i32(1), [
        rowPtr(X, xr), rowPtr(DY, dyr), rowPtr(DX, dxr),
        [...scalarAt(MU), ...op.f32x4Splat, ...op.set(mv)],
        [...scalarAt(RS), ...op.f32x4Splat, ...op.set(iv)],
        [...v128Zero, ...op.set(accA), ...v128Zero, ...op.set(accB)],
        rowLoop([
          [...xhat, ...op.set(xh)],
          [...at(dyr), ...op.v128Load(), ...op.tee(d), ...at(G), ...op.v128Load(), ...op.f32x4Mul, ...op.set(gd)],
          [...op.get(accA), ...op.get(gd), ...op.f32x4Add, ...op.set(accA)],
          [...op.get(accB), ...op.get(gd), ...op.get(xh), ...op.f32x4Mul, ...op.f32x4Add, ...op.set(accB)],
          [...at(DG), ...at(DG), ...op.v128Load(), ...op.get(d), ...op.get(xh), ...op.f32x4Mul, ...op.f32x4Add, ...op.v128Store()],
        ]),
        [...hsum(accA), ...op.get(INVN), ...op.f32Mul, ...op.f32x4Splat, ...op.set(av)],
        [...hsum(accB), ...op.get(INVN), ...op.f32Mul, ...op.f32x4Splat, ...op.set(bv)],
        rowLoop([[
          ...at(dxr),
          ...at(G), ...op.v128Load(), ...at(dyr), ...op.v128Load(), ...op.f32x4Mul, ...op.get(av), ...op.f32x4Sub,
          ...xhat, ...op.get(bv), ...op.f32x4Mul, ...op.f32x4Sub, ...op.get(iv), ...op.f32x4Mul,
          ...op.v128Store(),
        ]]),
      ]),
    ],
  };
}

/** Per-row loop over a row-major [R, C] matrix: `pr` walks row byte offsets (0, RB, …), `j` the row's bytes by 16. */
const rowsCols = (pr: number, total: number, j: number, rb: number, body: number[][]) =>
  forLoop(pr, op.i32(0), op.get(total), op.get(rb), [forLoop(j, op.i32(0), op.get(rb), op.i32(16), body)]);
/** Address base + pr + j, base + j (per-column vectors). */
const cell = (base: number, pr: number, j: number) => [...op.get(base), ...op.get(pr), ...op.i32Add, ...op.get(j), ...op.i32Add];
const colOf = (base: number, j: number) => [...op.get(base), ...op.get(j), ...op.i32Add];

/**
 * quantUp / quantEven(x, y, nBytes, D, norm): y = rnd(clip(x, 0, D)) / norm with halves rounded up (floor(v + 0.5))
 * or to even (f32x4.nearest, as torch.round). nBytes a multiple of 16; the caller does the tail.
 */
function quantFwdFunc(halfUp: boolean): FuncDef {
  const [X, Y, NB, D, NORM] = [0, 1, 2, 3, 4];
  const [i, dv, nv, hv, v] = [5, 6, 7, 8, 9];
  const round = halfUp ? [...op.get(hv), ...op.f32x4Add, ...op.f32x4Floor] : op.f32x4Nearest;
  return {
    name: halfUp ? "quantUp" : "quantEven", params: [I32, I32, I32, F32, F32], results: [], locals: [I32, V128, V128, V128, V128],
    body: [
      [...op.get(D), ...op.f32x4Splat, ...op.set(dv)],
      [...op.get(NORM), ...op.f32x4Splat, ...op.set(nv)],
      [...op.f32(0.5), ...op.f32x4Splat, ...op.set(hv)],
      forLoop(i, op.i32(0), op.get(NB), op.i32(16), [
        [...op.get(X), ...op.get(i), ...op.i32Add, ...op.v128Load(), ...v128Zero, ...op.f32x4Max, ...op.get(dv), ...op.f32x4Min, ...op.set(v)],
        [...op.get(Y), ...op.get(i), ...op.i32Add, ...op.get(v), ...round, ...op.get(nv), ...op.f32x4Div, ...op.v128Store()],
      ]),
    ],
  };
}

/**
 * quantGradClosed / quantGradOpen(dy, x, dx, nBytes, D, norm): dx = dy / norm where x is in the window
 * (0 ≤ x ≤ D closed, 0 < x < D open), 0 elsewhere.
 */
function quantBwdFunc(open: boolean): FuncDef {
  const [DY, X, DX, NB, D, NORM] = [0, 1, 2, 3, 4, 5];
  const [i, dv, nv, xv] = [6, 7, 8, 9];
  const [lo, hi] = open ? [op.f32x4Gt, op.f32x4Lt] : [op.f32x4Ge, op.f32x4Le];
  return {
    name: open ? "quantGradOpen" : "quantGradClosed", params: [I32, I32, I32, I32, F32, F32], results: [], locals: [I32, V128, V128, V128],
    body: [
      [...op.get(D), ...op.f32x4Splat, ...op.set(dv)],
      [...op.get(NORM), ...op.f32x4Splat, ...op.set(nv)],
      forLoop(i, op.i32(0), op.get(NB), op.i32(16), [
        [...op.get(X), ...op.get(i), ...op.i32Add, ...op.v128Load(), ...op.set(xv)],
        [...op.get(DX), ...op.get(i), ...op.i32Add,
          ...op.get(DY), ...op.get(i), ...op.i32Add, ...op.v128Load(), ...op.get(nv), ...op.f32x4Div,
          ...op.get(xv), ...v128Zero, ...lo, ...op.get(xv), ...op.get(dv), ...hi, ...op.v128And,
          ...op.v128And, ...op.v128Store()],
      ]),
    ],
  };
}

/** colSqDev(src, mu, dst, R, rowBytes): dst[c] = Σ_r (src[r, c] − mu[c])² (dst zeroed first; batch-norm variance). */
function colSqDevFunc(): FuncDef {
  const [SRC, MU, DST, R, RB] = [0, 1, 2, 3, 4];
  const [j, pr, total, d] = [5, 6, 7, 8];
  return {
    name: "colSqDev", params: [I32, I32, I32, I32, I32], results: [], locals: [I32, I32, I32, V128],
    body: [
      forLoop(j, op.i32(0), op.get(RB), op.i32(16), [[...colOf(DST, j), ...v128Zero, ...op.v128Store()]]),
      [...op.get(R), ...op.get(RB), ...op.i32Mul, ...op.set(total)],
      rowsCols(pr, total, j, RB, [
        [...cell(SRC, pr, j), ...op.v128Load(), ...colOf(MU, j), ...op.v128Load(), ...op.f32x4Sub, ...op.set(d)],
        [...colOf(DST, j), ...colOf(DST, j), ...op.v128Load(), ...op.get(d), ...op.get(d), ...op.f32x4Mul, ...op.f32x4Add, ...op.v128Store()],
      ]),
    ],
  };
}

/**
 * bnBwdSums(dy, x, mu, rs, sdy, sdx, R, rowBytes): per column, sdy = Σ_r dy, sdx = Σ_r dy·x̂ with x̂ = (x − mu)·rs
 * (both zeroed first): the two reductions of the batch-norm backward.
 */
function bnBwdSumsFunc(): FuncDef {
  const [DY, X, MU, RS, SDY, SDX, R, RB] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [j, pr, total, g] = [8, 9, 10, 11];
  return {
    name: "bnBwdSums", params: [I32, I32, I32, I32, I32, I32, I32, I32], results: [], locals: [I32, I32, I32, V128],
    body: [
      forLoop(j, op.i32(0), op.get(RB), op.i32(16), [[...colOf(SDY, j), ...v128Zero, ...op.v128Store()], [...colOf(SDX, j), ...v128Zero, ...op.v128Store()]]),
      [...op.get(R), ...op.get(RB), ...op.i32Mul, ...op.set(total)],
      rowsCols(pr, total, j, RB, [
        [...cell(DY, pr, j), ...op.v128Load(), ...op.set(g)],
        [...colOf(SDY, j), ...colOf(SDY, j), ...op.v128Load(), ...op.get(g), ...op.f32x4Add, ...op.v128Store()],
        [...colOf(SDX, j), ...colOf(SDX, j), ...op.v128Load(),
          ...op.get(g), ...cell(X, pr, j), ...op.v128Load(), ...colOf(MU, j), ...op.v128Load(), ...op.f32x4Sub, ...colOf(RS, j), ...op.v128Load(), ...op.f32x4Mul,
          ...op.f32x4Mul, ...op.f32x4Add, ...op.v128Store()],
      ]),
    ],
  };
}

/** chanAffine(x, y, a, c, R, rowBytes): y[r, j] = a[j]·x[r, j] + c[j] (batch-norm apply). */
function chanAffineFunc(): FuncDef {
  const [X, Y, A, C, R, RB] = [0, 1, 2, 3, 4, 5];
  const [j, pr, total] = [6, 7, 8];
  return {
    name: "chanAffine", params: [I32, I32, I32, I32, I32, I32], results: [], locals: [I32, I32, I32],
    body: [
      [...op.get(R), ...op.get(RB), ...op.i32Mul, ...op.set(total)],
      rowsCols(pr, total, j, RB, [[
        ...cell(Y, pr, j), ...colOf(A, j), ...op.v128Load(), ...cell(X, pr, j), ...op.v128Load(), ...op.f32x4Mul,
        ...colOf(C, j), ...op.v128Load(), ...op.f32x4Add, ...op.v128Store(),
      ]]),
    ],
  };
}

/** chanAffine2(p, q, out, a, b, c, R, rowBytes): out[r, j] = a[j]·p[r, j] + b[j]·q[r, j] + c[j] (batch-norm input gradient). */
function chanAffine2Func(): FuncDef {
  const [P, Q, O, A, B, C, R, RB] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [j, pr, total] = [8, 9, 10];
  return {
    name: "chanAffine2", params: [I32, I32, I32, I32, I32, I32, I32, I32], results: [], locals: [I32, I32, I32],
    body: [
      [...op.get(R), ...op.get(RB), ...op.i32Mul, ...op.set(total)],
      rowsCols(pr, total, j, RB, [[
        ...cell(O, pr, j),
        ...colOf(A, j), ...op.v128Load(), ...cell(P, pr, j), ...op.v128Load(), ...op.f32x4Mul,
        ...colOf(B, j), ...op.v128Load(), ...cell(Q, pr, j), ...op.v128Load(), ...op.f32x4Mul, ...op.f32x4Add,
        ...colOf(C, j), ...op.v128Load(), ...op.f32x4Add, ...op.v128Store(),
      ]]),
    ],
  };
}

/**
 * lifFwd(x, s, h, T, nBytes, invTau, vth, vReset, soft): a LIF neuron over T steps for N = nBytes/4 neurons, x, s, h
 * [T, N] (time outermost), v₀ = 0 (spikingjelly's multi-step LIF, decay_input):
 *   h_t = v + (x_t − v)·invTau,  s_t = 1[h_t ≥ vth],  v = h_t − s_t·(h_t − vReset) (hard) or h_t − s_t·vth (soft)
 * Four neurons per step of the outer loop, the membrane held in a register across time.
 */
function lifFwdFunc(): FuncDef {
  const [X, S, H, T, NB, INVTAU, VTH, VRESET, SOFT] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [j, t, p, v, h, sp, it, vt, vr, one, stride] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  return {
    name: "lifFwd", params: [I32, I32, I32, I32, I32, F32, F32, F32, I32], results: [],
    locals: [I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, I32],
    body: [
      [...op.get(INVTAU), ...op.f32x4Splat, ...op.set(it)],
      [...op.get(VTH), ...op.f32x4Splat, ...op.set(vt)],
      [...op.get(VRESET), ...op.f32x4Splat, ...op.set(vr)],
      [...op.f32(1), ...op.f32x4Splat, ...op.set(one)],
      [...op.get(NB), ...op.set(stride)],
      forLoop(j, op.i32(0), op.get(NB), op.i32(16), [
        [...v128Zero, ...op.set(v)],
        [...op.get(j), ...op.set(p)],
        forLoop(t, op.i32(0), op.get(T), op.i32(1), [
          // h = v + (x − v)·invTau
          [...op.get(v), ...op.get(X), ...op.get(p), ...op.i32Add, ...op.v128Load(), ...op.get(v), ...op.f32x4Sub, ...op.get(it), ...op.f32x4Mul,
            ...op.f32x4Add, ...op.set(h)],
          // s = 1[h ≥ vth] as 0.0 / 1.0
          [...op.get(h), ...op.get(vt), ...op.f32x4Ge, ...op.get(one), ...op.v128And, ...op.set(sp)],
          [...op.get(S), ...op.get(p), ...op.i32Add, ...op.get(sp), ...op.v128Store()],
          [...op.get(H), ...op.get(p), ...op.i32Add, ...op.get(h), ...op.v128Store()],
          // v = h − s·(h − vReset)  or  h − s·vth
          [...op.get(h), ...op.get(sp), ...op.get(vt), ...op.get(h), ...op.get(vr), ...op.f32x4Sub, ...op.get(SOFT), ...op.select, ...op.f32x4Mul, ...op.f32x4Sub, ...op.set(v)],
          [...op.get(p), ...op.get(stride), ...op.i32Add, ...op.set(p)],
        ]),
      ]),
    ],
  };
}

/**
 * lifBwd(ds, sg, s, dx, T, nBytes, invTau, soft): BPTT through lifFwd with the reset's spike detached, given
 * sg_t = g'(h_t − vth) (the surrogate derivative, computed by the caller):
 *   for t = T−1 … 0:  dh = ds_t·sg_t + dv·(hard ? 1 − s_t : 1);  dx_t = dh·invTau;  dv = dh·(1 − invTau)   (dv = 0 at T−1)
 */
function lifBwdFunc(): FuncDef {
  const [DS, SG, S, DX, T, NB, INVTAU, SOFT] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [j, t, p, dv, dh, it, keep, one, stride] = [8, 9, 10, 11, 12, 13, 14, 15, 16];
  return {
    name: "lifBwd", params: [I32, I32, I32, I32, I32, I32, F32, I32], results: [],
    locals: [I32, I32, I32, V128, V128, V128, V128, V128, I32],
    body: [
      [...op.get(INVTAU), ...op.f32x4Splat, ...op.set(it)],
      [...op.f32(1), ...op.f32x4Splat, ...op.set(one)],
      [...op.f32(1), ...op.get(INVTAU), ...op.f32Sub, ...op.f32x4Splat, ...op.set(keep)],
      [...op.get(NB), ...op.set(stride)],
      forLoop(j, op.i32(0), op.get(NB), op.i32(16), [
        [...v128Zero, ...op.set(dv)],
        // p = j + (T − 1)·stride, walking back in time
        [...op.get(j), ...op.get(T), ...op.i32(1), ...op.i32Sub, ...op.get(stride), ...op.i32Mul, ...op.i32Add, ...op.set(p)],
        forLoop(t, op.i32(0), op.get(T), op.i32(1), [
          // dh = ds·sg + dv·(1 − s)   (soft reset: dv·1)
          [...op.get(DS), ...op.get(p), ...op.i32Add, ...op.v128Load(), ...op.get(SG), ...op.get(p), ...op.i32Add, ...op.v128Load(), ...op.f32x4Mul,
            ...op.get(dv), ...op.get(one), ...op.get(one), ...op.get(S), ...op.get(p), ...op.i32Add, ...op.v128Load(), ...op.f32x4Sub, ...op.get(SOFT), ...op.select,
            ...op.f32x4Mul, ...op.f32x4Add, ...op.set(dh)],
          [...op.get(DX), ...op.get(p), ...op.i32Add, ...op.get(dh), ...op.get(it), ...op.f32x4Mul, ...op.v128Store()],
          [...op.get(dh), ...op.get(keep), ...op.f32x4Mul, ...op.set(dv)],
          [...op.get(p), ...op.get(stride), ...op.i32Sub, ...op.set(p)],
        ]),
      ]),
    ],
  };
}

/** The exported kernel functions (all arguments are numbers; pointers are byte offsets on the tfjs heap). */
export interface SimdKernels {
  adam(p: number, q: number, g: number, m: number, v: number, nBytes: number, decay: number, b1: number, omb1: number, b2: number,
    omb2: number, step: number, invs: number, eps: number): void;
  bmm(a: number, b: number, c: number, batch: number, M: number, K: number, N: number, sa: number, sb: number,
    sm: number, sk: number): void;
  colsum(src: number, dst: number, R: number, rowBytes: number): void;
  lnFwd(x: number, g: number, y: number, mu: number, rs: number, rows: number, nBytes: number, invn: number, eps: number): void;
  lnBwd(dy: number, x: number, g: number, mu: number, rs: number, dx: number, dg: number, rows: number, nBytes: number,
    invn: number): void;
  im2colT(src: number, dst: number, B: number, Hp: number, Wp: number, C: number, FH: number, FW: number, OH: number,
    OW: number, sh: number, sw: number, dh: number, dw: number): void;
  quantUp(x: number, y: number, nBytes: number, D: number, norm: number): void;
  quantEven(x: number, y: number, nBytes: number, D: number, norm: number): void;
  quantGradClosed(dy: number, x: number, dx: number, nBytes: number, D: number, norm: number): void;
  quantGradOpen(dy: number, x: number, dx: number, nBytes: number, D: number, norm: number): void;
  colSqDev(src: number, mu: number, dst: number, R: number, rowBytes: number): void;
  bnBwdSums(dy: number, x: number, mu: number, rs: number, sdy: number, sdx: number, R: number, rowBytes: number): void;
  chanAffine(x: number, y: number, a: number, c: number, R: number, rowBytes: number): void;
  chanAffine2(p: number, q: number, out: number, a: number, b: number, c: number, R: number, rowBytes: number): void;
  lifFwd(x: number, s: number, h: number, T: number, nBytes: number, invTau: number, vth: number, vReset: number, soft: number): void;
  lifBwd(ds: number, sg: number, s: number, dx: number, T: number, nBytes: number, invTau: number, soft: number): void;
}

const cache = new WeakMap<WasmMemory, SimdKernels>();

/** The module's bytes (for tests and for `WebAssembly.validate`). */
export function simdModuleBytes(sharedMemory = false): Uint8Array {
  return buildModule([adamFunc(), bmmFunc(), im2colTFunc(), colsumFunc(), lnFwdFunc(), lnBwdFunc(), quantFwdFunc(true), quantFwdFunc(false),
    quantBwdFunc(false), quantBwdFunc(true), colSqDevFunc(), bnBwdSumsFunc(), chanAffineFunc(), chanAffine2Func(), lifFwdFunc(), lifBwdFunc()], sharedMemory);
}

/** Finds the WebAssembly.Memory of the tfjs wasm backend (`backend.wasm`), or throws saying what is missing. */
export function wasmMemoryOf(backend: object): WasmMemory {
  const w = (backend as { wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown } }).wasm;
  const mem = w?.asm?.memory ?? w?.wasmMemory;
  if (!(mem instanceof WebAssemblyApi.Memory)) {
    throw new Error("paperlab SIMD kernels: the wasm backend does not expose its WebAssembly.Memory (backend.wasm.asm.memory); " +
      "they need @tensorflow/tfjs-backend-wasm 4.22's single-threaded build (unset PAPERLAB_WASM_THREADS)");
  }
  return mem as WasmMemory;
}

/** The SIMD kernels instantiated on `backend`'s memory (compiled once per memory). */
export function simdKernels(backend: object): SimdKernels {
  const memory = wasmMemoryOf(backend);
  let k = cache.get(memory);
  if (!k) {
    const shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
    const mod = new WebAssemblyApi.Module(simdModuleBytes(shared));
    k = new WebAssemblyApi.Instance(mod, { env: { memory } }).exports as unknown as SimdKernels;
    cache.set(memory, k);
  }
  return k;
}
