/** datasets/formats/resize.ts: area averaging on hand values, alpha over white, upscaling repeats, bad input throws. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { resizeToRgb } from "../../../datasets/formats/resize";

const rgba = (W: number, H: number, px: (x: number, y: number) => number[]) => {
  const data = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data.set(px(x, y), (y * W + x) * 4);
  return { width: W, height: H, data };
};

test("4×4 → 2×2 averages each 2×2 block; transparent pixels count as white", () => {
  const img = rgba(4, 4, (x, y) => (x < 2 && y < 2 ? [x * 100, y * 100, 0, 255] : x >= 2 && y < 2 ? [0, 0, 0, 0] : [10, 20, 30, 255]));
  const out = resizeToRgb(img, 2, 2);
  assert.deepEqual([...out.subarray(0, 3)], [50, 50, 0]); // mean of (0,0,0) (100,0,0) (0,100,0) (100,100,0)
  assert.deepEqual([...out.subarray(3, 6)], [255, 255, 255]);
  assert.deepEqual([...out.subarray(6, 12)], [10, 20, 30, 10, 20, 30]);
});

test("upscaling repeats pixels; malformed images and sizes throw", () => {
  const out = resizeToRgb(rgba(1, 1, () => [7, 8, 9, 255]), 2, 3);
  assert.deepEqual([...out], [7, 8, 9, 7, 8, 9, 7, 8, 9, 7, 8, 9, 7, 8, 9, 7, 8, 9]);
  assert.throws(() => resizeToRgb({ width: 2, height: 2, data: new Uint8Array(3) }, 1, 1), /expected 16 RGBA bytes/);
  assert.throws(() => resizeToRgb(rgba(1, 1, () => [0, 0, 0, 255]), 0, 1), /positive integers/);
});
