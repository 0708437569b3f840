/**
 * The paperlab library: what the kernel preloads as `lab` and what `import ... from "paperlab"` gives.
 */
export * from "./core";
export * from "./display";
export * from "./claims";
export * as viz from "./viz";
export * as kit from "./kit";
export * as llm from "./llm";
export * as datasets from "../datasets";
export * as papers from "./papers";
