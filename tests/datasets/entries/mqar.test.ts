import * as assert from "node:assert/strict";
import { test } from "node:test";
import { sha256 } from "../../../datasets/checksum";
import { checkMqar, FORGETTING_DEFAULTS, generateMqar, IGNORE_INDEX, MQAR_PINNED, mqar, mqarForgetting, mqarFromBytes, mqarToBytes } from "../../../datasets/entries/mqar";
import { assertDatasetError } from "../helpers";

test("MQAR: same seed -> same bytes (pinned sha256); another seed differs", () => {
  const a = mqarToBytes(generateMqar());
  assert.equal(sha256(a), MQAR_PINNED.mqar);
  assert.equal(sha256(mqarToBytes(generateMqar())), sha256(a));
  assert.notEqual(sha256(mqarToBytes(generateMqar({ seed: 1 }))), sha256(a));
  assert.equal(sha256(mqarToBytes(generateMqar({}, FORGETTING_DEFAULTS))), MQAR_PINNED["mqar-forgetting"]);
});

test("MQAR structure: keys/values in their halves, kv labels per example at query tokens, parameters recorded", async () => {
  const s = await mqar.load({ numExamples: 64, seed: 5 });
  assert.equal(s.params.seed, 5);
  assert.equal(s.version, 2);
  const bytes = mqarToBytes(s);
  const header = JSON.parse(bytes.subarray(0, bytes.indexOf(10)).toString("utf8"));
  assert.deepEqual(header.params, s.params);
  const T = s.seqLen;
  for (let e = 0; e < s.n; e++) {
    const labelled = [];
    for (let t = 0; t < T; t++) if (s.labels[e * T + t] !== IGNORE_INDEX) labelled.push(t);
    assert.equal(labelled.length, 4);
    for (const t of labelled) {
      assert.ok(t >= 8 && t % 2 === 0, "queries sit at even offsets after the 2*kv context");
      // the label is the value right after the same key in the context
      const key = s.inputs[e * T + t];
      let v = -1;
      for (let i = 0; i < 8; i += 2) if (s.inputs[e * T + i] === key) v = s.inputs[e * T + i + 1];
      assert.equal(s.labels[e * T + t], v);
    }
  }
  // the power law (a = 0.01) puts most queries in the first slots
  let first = 0;
  for (let e = 0; e < s.n; e++) if (s.labels[e * T + 8] !== IGNORE_INDEX) first++;
  assert.ok(first > s.n / 2, `slot 0 used in ${first}/${s.n} examples`);
});

test("MQAR randomNonQueries fills empty slots; zoology-scale parameters work", () => {
  const s = generateMqar({ randomNonQueries: true, numExamples: 16 });
  let zeros = 0;
  for (const v of s.inputs) if (v === 0) zeros++;
  assert.ok(zeros < 16, `${zeros} zeros left`);
  const big = generateMqar({ vocabSize: 8192, seqLen: 256, numKvPairs: 16, numExamples: 8 });
  checkMqar(big);
  assert.equal(big.inputs.length, 8 * 256);
});

test("forgetting MQAR: updated keys appear twice, their queries want the new value and are flagged", async () => {
  const s = await mqarForgetting.load({ numExamples: 100 });
  const T = s.seqLen;
  let updatedQueries = 0;
  for (let e = 0; e < s.n; e++) {
    const first = new Map<number, number>();
    for (let i = 0; i < 8; i += 2) first.set(s.inputs[e * T + i], s.inputs[e * T + i + 1]);
    for (let i = 8; i < 12; i += 2) {
      const k = s.inputs[e * T + i];
      assert.ok(first.has(k), "update re-uses an existing key");
      assert.notEqual(s.inputs[e * T + i + 1], first.get(k), "the new value differs from the first");
    }
    for (let t = 12; t < T; t++) {
      if (s.labels[e * T + t] === IGNORE_INDEX) continue;
      const k = s.inputs[e * T + t];
      if (s.updated[e * T + t]) {
        updatedQueries++;
        assert.notEqual(s.labels[e * T + t], first.get(k));
      } else assert.equal(s.labels[e * T + t], first.get(k));
    }
  }
  assert.equal(updatedQueries, 200);
});

test("MQAR parameter errors: unknown key named with the known ones; impossible sizes", () => {
  const e = assertDatasetError(() => generateMqar({ seqlen: 10 } as never), "option");
  assert.match(e.fix, /seqLen/);
  assertDatasetError(() => generateMqar({ seqLen: 12, numKvPairs: 4 }), "option");
  assertDatasetError(() => generateMqar({ vocabSize: 16, seqLen: 32 }), "option");
  assertDatasetError(() => generateMqar({ numUpdates: 5 }), "option");
});

test("checkMqar catches a corrupted label", () => {
  const s = generateMqar({ numExamples: 4 });
  const t = s.labels.findIndex((v) => v !== IGNORE_INDEX);
  s.labels[t] = s.labels[t] === 40 ? 41 : 40;
  assertDatasetError(() => checkMqar(s), "invariant");
});

test("mqarFromBytes reads back samples and parameters; a truncated file names its offset", () => {
  const s = generateMqar({ numExamples: 10 }, FORGETTING_DEFAULTS);
  const bytes = mqarToBytes(s);
  const r = mqarFromBytes(bytes, "m.bin");
  assert.deepEqual(r.params, s.params);
  assert.deepEqual(Array.from(r.inputs), Array.from(s.inputs));
  assert.deepEqual(Array.from(r.labels), Array.from(s.labels));
  assert.deepEqual(Array.from(r.updated), Array.from(s.updated));
  checkMqar(r);
  const e = assertDatasetError(() => mqarFromBytes(bytes.subarray(0, bytes.length - 7), "m.bin"), "mqar-length", "m.bin");
  assert.equal(e.location?.offset, bytes.length - 7);
});
