import * as assert from "node:assert/strict";
import { test } from "node:test";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { lexnameWords, loadWordVectors, symmetricEigen, tokenizeWords, wordVectorDir } from "../../../datasets/entries/word-vectors";

const cos = (a: Float32Array, b: Float32Array) => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) (ab += a[i] * b[i]), (aa += a[i] * a[i]), (bb += b[i] * b[i]);
  return ab / Math.sqrt(aa * bb);
};

test("word-vectors (shipped extract): 8,000 × 64, every lexname word kept, related words closer than unrelated", async () => {
  const v = await loadWordVectors();
  assert.equal(v.words.length, 8000);
  assert.equal(v.vectors.length, 8000 * 64);
  for (const w of lexnameWords()) assert.ok(v.index.has(w), `label word ${w} is in the extract`);
  const row = (w: string) => {
    const i = v.index.get(w);
    assert.ok(i !== undefined, `${w} is in the extract`);
    return v.vectors.subarray(i * 64, (i + 1) * 64);
  };
  assert.ok(cos(row("dog"), row("cat")) > cos(row("dog"), row("tax")) + 0.2);
  assert.ok(cos(row("eat"), row("food")) > cos(row("eat"), row("motion")));
  assert.ok(v.meta.coverage > 0.8 && v.meta.varianceKept > 0.8);
});

test("tokenizeWords: lower-case words, inner apostrophes kept, punctuation and digits dropped", () => {
  assert.deepEqual(tokenizeWords("A dog's bark; 3 CATS-run!"), ["a", "dog's", "bark", "cats", "run"]);
  assert.deepEqual(tokenizeWords("..."), []);
});

test("symmetricEigen: a 3×3 matrix against its known decomposition, V Λ Vᵀ = A", () => {
  const a = Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]); // eigenvalues 5, 3, 1
  const e = symmetricEigen(a, 3);
  e.values.forEach((x, i) => assert.ok(Math.abs(x - [5, 3, 1][i]) < 1e-10, `λ${i} = ${x}`));
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) {
    let s = 0;
    for (let k = 0; k < 3; k++) s += e.vectors[k * 3 + r] * e.values[k] * e.vectors[k * 3 + c];
    assert.ok(Math.abs(s - a[r * 3 + c]) < 1e-10);
  }
});

test("word-vectors: a damaged copy is refused with the file and the fix named", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "word-vectors-"));
  for (const f of ["vocab.txt", "vectors-64.i8", "meta.json"]) fs.copyFileSync(path.join(wordVectorDir(), f), path.join(dir, f));
  fs.truncateSync(path.join(dir, "vectors-64.i8"), 1000);
  await assert.rejects(loadWordVectors(dir), (e: Error) => /vectors-64\.i8/.test(e.message) && /datasets\/data\/word-vectors/.test(String((e as Error & { fix?: string }).fix ?? e.message)));
  fs.rmSync(path.join(dir, "meta.json"));
  await assert.rejects(loadWordVectors(dir), /meta\.json/);
});
