/** User-facing texts of lib/core/nn (parameter store, head helpers), in one place so tests can name them. */
export const nnMessages = {
  paramExists: (name: string) => `ParamStore: parameter '${name}' exists already; give each weight a unique name (e.g. 'block0/attn/w')`,
  badShape: (name: string, shape: readonly number[]) =>
    `ParamStore: weight '${name}' needs a shape of positive integers, got [${shape.join(", ")}]`,
  initShape: (name: string, want: readonly number[], got: readonly number[]) =>
    `ParamStore: the initialiser of '${name}' returned shape [${got.join(", ")}], expected [${want.join(", ")}]`,
  unknownParam: (name: string, known: string[]) =>
    `ParamStore: no parameter '${name}'; known: ${known.length ? known.slice(0, 20).join(", ") + (known.length > 20 ? ", …" : "") : "(none yet)"}`,
  unknownInit: (init: string) => `ParamStore: unknown initialiser '${init}'; use torch, kaiming, trunc02, normal02, zeros, ones or a function`,
  headsRank: (fn: string, shape: readonly number[], expected: string) =>
    `${fn}: expected a rank-${expected.split(",").length} tensor ${expected}, got shape [${shape.join(", ")}]`,
  headsDivide: (channels: number, heads: number) =>
    `splitHeads: ${channels} channels do not split into ${heads} heads; use a head count that divides the width`,
  linearShape: (x: readonly number[], w: readonly number[]) =>
    `linear: x [${x.join(", ")}] needs a weight [${x[x.length - 1]}, out], got [${w.join(", ")}]`,
};
