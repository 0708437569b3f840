/**
 * Language models for papers (`lab.llm`): the `LLM` interface, the OpenAI-compatible HTTP adapter, and (where landed)
 * the tiny local causal LM.
 */
export * from "./llm";
export * from "./openai";
export * from "./local";
export { llmMessages } from "./messages";
export * from "./causal-lm";
export * from "./tokenizer";
export { lmMessages } from "./causal-lm-messages";
