/**
 * The paperlab library: what the kernel preloads as `lab` and what `import ... from "paperlab"` gives.
 */
export * from "./core";
export * from "./display";
export * as viz from "./viz";
