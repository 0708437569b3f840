import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Rng } from "../../../../lib/core/train/seed";
import { checkFullScale } from "../../../../lib/papers/sdt-v3/experiment";
import { FULL_RECIPE, SCALES } from "../../../../lib/papers/sdt-v3/config";
import { kitMessages, SCALE_NAMES } from "../../../../lib/kit";
import { stratifiedIndices } from "../../../../lib/papers/sdt-v3/data";
import { sdtMessages } from "../../../../lib/papers/sdt-v3/messages";

test("config: scales, overrides, unknown keys and scales are errors naming the known ones", () => {
  assert.deepEqual(Object.keys(SCALES.presets), ["smoke", "default", "full"]);
  assert.equal(SCALES.config("smoke", { epochs: 3 }).epochs, 3);
  assert.deepEqual(SCALES.config("default").seeds, [0, 1, 2], "claim 1 needs three seeds at default");
  assert.throws(() => SCALES.config("huge"), { message: kitMessages.unknownScale("sdt-v3", "huge", SCALE_NAMES) });
  assert.throws(() => SCALES.config("default", { epoch: 3 } as never), /sdt-v3: unknown config key 'epoch'; known keys: seed, seeds/);
  assert.equal(FULL_RECIPE.optimizer, "lamb");
});

test("full scale without ImageNet: the error says what to get and where; a folder layout is accepted", () => {
  assert.throws(() => checkFullScale(undefined), /image-net\.org.*train\/<wnid>\/\*\.JPEG.*SDT_IMAGENET_DIR/);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "sdt-inet-"));
  for (const s of ["train", "val"]) for (const c of ["n01", "n02"]) fs.mkdirSync(path.join(root, s, c), { recursive: true });
  assert.deepEqual(checkFullScale(root).layout, { root, trainClasses: 2, valClasses: 2 });
  assert.throws(() => checkFullScale(root, "wasm"), { message: sdtMessages.fullNeedsGpu("wasm") });
  fs.rmSync(root, { recursive: true });
});

test("stratified subsets: per-class counts, seeded, no repeats", () => {
  const labels = Array.from({ length: 1000 }, (_, i) => i % 10);
  const a = stratifiedIndices(labels, 95, new Rng(1));
  assert.equal(new Set(a).size, 95);
  const counts = new Array(10).fill(0);
  for (const i of a) counts[labels[i]]++;
  assert.deepEqual(counts, [10, 10, 10, 10, 10, 9, 9, 9, 9, 9]);
  assert.deepEqual(stratifiedIndices(labels, 95, new Rng(1)), a);
  assert.notDeepEqual(stratifiedIndices(labels, 95, new Rng(2)), a);
});
