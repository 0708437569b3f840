/** Model pieces shared by the papers: one parameter store, head split/merge, a dense layer over the last axis. */
export { ParamStore } from "./params";
export type { InitKind, InitFn } from "./params";
export { splitHeads, mergeHeads, linear } from "./heads";
export { nnMessages } from "./messages";
