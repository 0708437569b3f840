/** User-facing texts of lib/llm's tiny causal LM and tokenizer, in one place so tests can name them. */
export const lmMessages = {
  badConfig: (what: string, got: unknown, want: string) => `CausalLM: ${what} must be ${want}, got ${String(got)}`,
  headsDivide: (d: number, heads: number) =>
    `CausalLM: dModel ${d} does not split into ${heads} heads; use a head count that divides dModel`,
  pastContext: (len: number, context: number, what: string) =>
    `CausalLM: ${what} is ${len} tokens, past the model's context of ${context}; shorten the text (or build the model with a longer context)`,
  emptySequence: (what: string) => `CausalLM: ${what} is empty; give at least one token`,
  badTokenId: (id: number, vocab: number, what: string) =>
    `CausalLM: ${what} token id ${id} is outside the vocabulary [0, ${vocab}); encode with the tokenizer the model was built for`,
  positionOutside: (pos: number, len: number) =>
    `CausalLM: loss position ${pos} is outside its sequence of length ${len}; positions index the token whose output predicts the target`,
  lengthMismatch: (a: string, na: number, b: string, nb: number) => `CausalLM: ${a} has ${na} entries but ${b} has ${nb}; give one per row`,
  noCandidates: () => "CausalLM: scoreNext needs at least one candidate token id (the verbalizers)",
  tokenizerEmpty: () => "Tokenizer.fit: the corpus has no tokens; give it at least one non-empty text",
  tokenizerVocab: (n: number, kept: number) =>
    `Tokenizer.fit: maxVocab ${n} leaves no room past the ${kept} special (and included) tokens; raise maxVocab`,
  notInVocab: (word: string, role: string) =>
    `Tokenizer: ${role} '${word}' is not in the vocabulary; add it to the specials when fitting the tokenizer`,
  duplicateSpecial: (word: string) => `Tokenizer: special token '${word}' is listed twice; list each once`,
  badJson: (why: string) => `Tokenizer.fromJSON: ${why}; pass what Tokenizer.toJSON() returned`,
};
