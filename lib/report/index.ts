/** lib/report: what `paperlab reproduce` reads out of executed notebooks and the report it writes. */
export * from "./extract";
export * from "./figures";
export * from "./markdown";
export * from "./report";
