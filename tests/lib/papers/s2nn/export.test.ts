/** Hardware export: masks as 8-bit PNG levels (round trip through the PNG decoder), DMD frames, detector CSV. */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { initBackend } from "../../../../lib/core/backend";
import { Rng } from "../../../../lib/core/train/seed";
import { decodePng } from "../../../../datasets/formats/png";
import { exportHardware, phaseLevels, regionsCsv } from "../../../../lib/papers/s2nn/export";
import { disposeExpert, initExpert, makeBench, maskValues } from "../../../../lib/papers/s2nn/model";

before(async () => {
  await initBackend({ backend: "wasm" });
});

test("phase levels: ⌊256φ/2π + ½⌋ mod 256 (2π wraps to 0)", () => {
  assert.deepEqual(Array.from(phaseLevels([0, Math.PI, (2 * Math.PI * 255) / 256, 2 * Math.PI - 1e-9, (2 * Math.PI * 10.4) / 256])), [0, 128, 255, 0, 10]);
});

test("exportHardware writes the masks' 8-bit levels, DMD frames and the detector CSV", () => {
  const bench = makeBench({ optics: { N: 32, dx: 8e-6, wavelength: 532e-9, z: 7.5e-3 }, layers: 2, modulation: "phase", detector: { size: 3, gap: 2 } });
  const ex = initExpert(bench.cfg, new Rng(2), { kappa0: 0.15, perClassKappa: false, initStd: 1, name: "exp" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s2nn-export-"));
  const frame = Float32Array.from({ length: 2 * 1024 }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const m = exportHardware(bench, ex, dir, { data: frame, n: 2 });
  assert.deepEqual(m.masks, ["mask0.png", "mask1.png"]);
  assert.deepEqual(m.frames, ["frame0.png", "frame1.png"]);
  const img = decodePng(fs.readFileSync(path.join(dir, "mask1.png")), "mask1.png");
  assert.deepEqual([img.width, img.height], [32, 32]);
  const want = phaseLevels(maskValues(ex.masks[1], "phase"));
  for (let i = 0; i < 1024; i++) assert.equal(img.data[4 * i], want[i], `pixel ${i}`);
  const f1 = decodePng(fs.readFileSync(path.join(dir, "frame1.png")), "frame1.png");
  assert.equal(f1.data[4 * 2], 255, "frame 1 pixel 2 (index 1026) is on");
  assert.equal(f1.data[4 * 0], 0);
  const csv = fs.readFileSync(path.join(dir, "detector.csv"), "utf8");
  assert.equal(csv, regionsCsv(bench.regions));
  assert.match(csv, /^class,x,y,size\n0,9,9,3\n/);
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")).optics.z, 7.5e-3);
  disposeExpert(ex);
  bench.dispose();
  fs.rmSync(dir, { recursive: true });
});
