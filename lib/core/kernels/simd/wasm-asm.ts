/**
 * A minimal WebAssembly binary writer: enough to emit small SIMD kernel modules from TypeScript source at load time
 * (no emscripten or clang on this machine, no generated binaries in the repository). Each function is written as a
 * list of instructions built with the helpers below; `buildModule` encodes the binary format (spec 2.0 with SIMD).
 * The module imports the tfjs WASM backend's own memory as `env.memory`, so kernels read and write tensors in place.
 */

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof V128;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

const str = (s: string) => [...uleb(s.length), ...Buffer.from(s, "utf8")];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

/** Instruction helpers (each returns its bytes). */
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n)],
  f32: (x: number) => { const b = Buffer.alloc(4); b.writeFloatLE(x, 0); return [0x43, ...b]; },
  i32Add: [0x6a], i32Sub: [0x6b], i32Mul: [0x6c], i32LtU: [0x49], i32GeU: [0x4f], i32Eqz: [0x45],
  f32Add: [0x92], f32Sub: [0x93], f32Mul: [0x94], f32Div: [0x95],
  /** f32.load / f32.store with a static byte offset. */
  f32Load: (offset = 0) => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset = 0) => [0x38, 2, ...uleb(offset)],
  v128Load: (offset = 0) => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  v128Store: (offset = 0) => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)],
  f32x4Splat: [0xfd, ...uleb(0x13)],
  f32x4ExtractLane: (lane: number) => [0xfd, ...uleb(0x1f), lane],
  f32Sqrt: [0x91],
  f32x4Sqrt: [0xfd, ...uleb(0xe3)],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Sub: [0xfd, ...uleb(0xe5)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
  f32x4Div: [0xfd, ...uleb(0xe7)],
  f32x4Min: [0xfd, ...uleb(0xe8)],
  f32x4Max: [0xfd, ...uleb(0xe9)],
  f32x4Floor: [0xfd, ...uleb(0x68)],
  /** Round to nearest, ties to even (torch.round, tf.round). */
  f32x4Nearest: [0xfd, ...uleb(0x6a)],
  f32x4Lt: [0xfd, ...uleb(0x43)],
  f32x4Gt: [0xfd, ...uleb(0x44)],
  f32x4Le: [0xfd, ...uleb(0x45)],
  f32x4Ge: [0xfd, ...uleb(0x46)],
  v128And: [0xfd, ...uleb(0x4e)],
  /** select(a, b, c): a if the i32 c ≠ 0, else b (any one value type, v128 included). */
  select: [0x1b],
  block: [0x02, 0x40], loop: [0x03, 0x40], end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
};

/** `for (i = from; i < to; i += step) body` as a block/loop pair; `to` and `step` are instruction lists. */
export function forLoop(i: number, from: number[], to: number[], step: number[], body: number[][]): number[] {
  return [
    ...from, ...op.set(i),
    ...op.block,
    ...op.get(i), ...to, ...op.i32GeU, ...op.brIf(0),
    ...op.loop,
    ...body.flat(),
    ...op.get(i), ...step, ...op.i32Add, ...op.tee(i), ...to, ...op.i32LtU, ...op.brIf(0),
    ...op.end,
    ...op.end,
  ];
}

/** One exported function. `locals` are the types of the locals after the parameters. */
export interface FuncDef {
  name: string;
  params: ValType[];
  results: ValType[];
  locals: ValType[];
  body: number[][];
}

/** Encodes a module that imports `env.memory` (shared when `sharedMemory`) and exports `funcs`. */
export function buildModule(funcs: FuncDef[], sharedMemory: boolean): Uint8Array {
  const types = section(1, vec(funcs.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))])));
  const limits = sharedMemory ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = section(2, vec([[...str("env"), ...str("memory"), 0x02, ...limits]]));
  const fns = section(3, vec(funcs.map((_, i) => uleb(i))));
  const exportSec = section(7, vec(funcs.map((f, i) => [...str(f.name), 0x00, ...uleb(i)])));
  const bodies = funcs.map((f) => {
    const groups = f.locals.map((t) => [...uleb(1), t]);
    const code = [...vec(groups), ...f.body.flat(), ...op.end];
    return [...uleb(code.length), ...code];
  });
  const code = section(10, vec(bodies));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...fns, ...exportSec, ...code]);
}
