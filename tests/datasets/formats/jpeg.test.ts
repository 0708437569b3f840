import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { test } from "node:test";
import { decodeJpeg, encodeJpeg, isJpeg, readJpeg } from "../../../datasets/formats/jpeg";
import { assertDatasetError, tempDir } from "../helpers";

test("JPEG encode/decode round trip within JPEG's error (a horizontal ramp, quality 95: every channel within 8)", () => {
  const w = 24, h = 16;
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([x * 10, 255 - x * 10, 128, 255], (y * w + x) * 4);
  const buf = encodeJpeg({ width: w, height: h, data }, 95);
  assert.ok(isJpeg(buf));
  const file = path.join(tempDir(), "ramp.jpg");
  fs.writeFileSync(file, buf);
  const img = readJpeg(file);
  assert.equal(img.width, w);
  assert.equal(img.height, h);
  let worst = 0;
  for (let i = 0; i < data.length; i++) worst = Math.max(worst, Math.abs(img.data[i] - data[i]));
  assert.ok(worst <= 8, `max channel error ${worst}`);
});

test("JPEG errors name the file: wrong magic, truncated data, missing file", () => {
  assertDatasetError(() => decodeJpeg(Buffer.from("\x89PNG\r\n\x1a\n...."), "a.jpg"), "jpeg-magic", "a.jpg");
  const good = encodeJpeg({ width: 8, height: 8, data: new Uint8Array(256).fill(200) });
  assertDatasetError(() => decodeJpeg(good.subarray(0, 40), "b.jpg"), "jpeg-decode", "b.jpg");
  assertDatasetError(() => readJpeg(path.join(tempDir(), "c.jpg")), "missing", "c.jpg");
});
