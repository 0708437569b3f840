import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { encodeJpeg } from "../../../../datasets/formats/jpeg";
import { IMG } from "../../../../lib/papers/toxicn-mm/images";
import { fullScaleRecords, fullScaleSet, loadAnnotations, loadMemeImages, loadToxicnMm } from "../../../../lib/papers/toxicn-mm/loaders";
import { toxicnMessages } from "../../../../lib/papers/toxicn-mm/messages";

/** A project-written fixture in the real files' layout (neutral strings only). */
function fixture(version: "v1" | "v2", testIds = ["3.jpg"], images = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `toxicn-${version}-`));
  if (images) fs.mkdirSync(path.join(dir, "meme"));
  const v1 = (p: string, label: number, type: number, newModal: number) => ({ new_path: p, text: "闹钟又坏了", label, type, modal: [0, 0], new_label: [1 - label, label], new_type: [0, 0, 0, 0, 0].map((_, i) => +(i === type)), new_modal: newModal, meme_discription: "图中是闹钟", text_discription: "说的是闹钟" });
  const v2 = (p: string, label: number, type: number, tm: number, im: number, target: number) => ({ path: p, text: "今天天气不错", meme_discription: "图中是太阳", text_discription: "说的是天气", label, type, text_modal: tm, image_modal: im, target });
  const [train, testSet] = version === "v1"
    ? [[v1("1.jpg", 1, 1, 1), v1("2.jpg", 0, 0, 0)], testIds.map((p) => v1(p, 1, 3, 2))]
    : [[v2("1.jpg", 1, 1, 0, 0, 2), v2("2.jpg", 1, 4, 1, 1, 0), v2("4.jpg", 0, 0, 0, 0, 0)], testIds.map((p) => v2(p, 1, 2, 0, 1, 0))];
  const names = version === "v1" ? ["train_data_discription.json", "test_data_discription.json"] : ["train_data_discription_2.0.json", "test_data_discription_2.0.json"];
  fs.writeFileSync(path.join(dir, names[0]), JSON.stringify(train, null, 1));
  fs.writeFileSync(path.join(dir, names[1]), JSON.stringify(testSet, null, 1));
  return dir;
}

test("v1 and v2.0 loaders on fixtures: new_modal (v1), modality from text_modal/image_modal and targets (v2.0)", () => {
  const a = loadToxicnMm(fixture("v1"), "v1");
  assert.deepEqual(a.train.map((r) => [r.id, r.label, r.type, r.modal, r.target]), [["1", 1, 1, 1, 0], ["2", 0, 0, 0, 0]]);
  assert.equal(a.test[0].modal, 2);
  assert.equal(a.train[0].dImg, "图中是闹钟");
  const b = loadToxicnMm(fixture("v2"), "v2");
  assert.deepEqual(b.train.map((r) => [r.id, r.modal, r.target]), [["1", 1, 2], ["2", 4, 0], ["4", 0, 0]]);
  assert.equal(b.test[0].modal, 3);
});

test("clear errors: train/test overlap, no images folder (names the request form and meme/), malformed JSON with file:line:column, unknown type", () => {
  assert.throws(() => loadToxicnMm(fixture("v1", ["2.jpg"]), "v1"), /share 1 item.*2/);
  assert.throws(() => loadToxicnMm(fixture("v1", ["3.jpg"], false), "v1"), /request form.*meme/s);
  const dir = fixture("v1");
  const file = path.join(dir, "test_data_discription.json");
  fs.writeFileSync(file, '[\n {"new_path": "3.jpg",\n  "text": }\n]');
  assert.throws(() => loadAnnotations(file, "v1"), (e: unknown) => e instanceof Error && e.message.includes(`${file}:3:`) && /invalid JSON/.test(e.message));
  fs.writeFileSync(file, JSON.stringify([{ new_path: "3.jpg", text: "早上好", label: 1, type: 7, new_modal: 2, meme_discription: "", text_discription: "" }]));
  assert.throws(() => loadAnnotations(file, "v1"), /item 0: unknown harmful-type id 7/);
  fs.writeFileSync(file, JSON.stringify([{ new_path: "3.jpg", text: "早上好", label: 1, type: 1, modal: [0, 0], meme_discription: "", text_discription: "" }]));
  assert.throws(() => loadAnnotations(file, "v1"), /field 'new_modal' missing/);
});

test("--scale full: the records load from cfg.full; without the files it stops naming the request form and the folder", () => {
  const real = fullScaleRecords({ full: { dir: fixture("v2"), version: "v2" } });
  assert.deepEqual([real.train.length, real.test.length], [3, 1]);
  assert.throws(() => fullScaleRecords({ full: { dir: path.join(os.tmpdir(), "no-such-toxicn-dir"), version: "v1" } }), /request form.*no-such-toxicn-dir.meme/s);
});

/** Writes a solid-colour JPEG (w × h) as <dir>/meme/<id>.jpg. */
function jpg(dir: string, id: string, rgb: [number, number, number], w = 40, h = 24): void {
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([...rgb, 255], 4 * i);
  fs.writeFileSync(path.join(dir, "meme", `${id}.jpg`), encodeJpeg({ width: w, height: h, data }, 95));
}

test("--scale full with pictures: a fixture copy becomes a MemeSet (32×32 RGB, dev carved from train); missing or broken pictures name the file and the fix", () => {
  const dir = fixture("v1");
  jpg(dir, "1", [200, 30, 30]);
  jpg(dir, "2", [30, 30, 200], 64, 64);
  jpg(dir, "3", [30, 200, 30], 17, 50);
  const cfg = { seed: 0, data: { devFrac: 0.5 }, full: { dir, version: "v1" as const } };
  const set = fullScaleSet(cfg);
  assert.deepEqual([set.train.items.length, set.dev.items.length, set.test.items.length], [1, 1, 1]);
  assert.deepEqual([...set.train.items, ...set.dev.items].map((x) => x.id).sort(), ["1", "2"]);
  assert.equal(set.test.images.length, IMG * IMG * 3);
  const px = (b: Uint8Array, i: number): number[] => [...b.subarray(3 * i, 3 * i + 3)];
  const g = px(set.test.images, 100);
  assert.ok(g[1] > 180 && g[0] < 60 && g[2] < 60, `green picture decoded as ${g}`);
  const first = set.train.items[0].id === "1" ? set.train.images : set.dev.images;
  assert.ok(px(first, 0)[0] > 170 && px(first, IMG * IMG - 1)[0] > 170, "red picture, first and last pixel");
  assert.equal(set.test.items[0].dTxtJudged, set.test.items[0].dTxt, "the real descriptions serve both styles");
  fs.unlinkSync(path.join(dir, "meme", "2.jpg"));
  assert.throws(() => fullScaleSet(cfg), /2\.jpg is missing \(1 meme picture.*request form.*meme/s);
  fs.writeFileSync(path.join(dir, "meme", "2.jpg"), "not a jpeg");
  assert.throws(() => loadMemeImages(dir, ["2"]), /2\.jpg/);
});
