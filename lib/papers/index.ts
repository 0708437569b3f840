/**
 * One namespace per paper, preloaded as `lab.papers.<id>` (and `import { papers } from "paperlab"`).
 * Each paper folder has an `index.ts` that re-exports its model, data, experiment and claims.
 */
export * as datacommons from "./datacommons";
export * as iedm from "./iedm";
export * as laqda from "./laqda";
export * as metala from "./metala";
export * as mfsnn from "./mfsnn";
export * as pclgpt from "./pclgpt";
export * as rheedQd from "./rheed-qd";
export * as s2nn from "./s2nn";
export * as toxicnMm from "./toxicn-mm";
export * as sdtV3 from "./sdt-v3";
