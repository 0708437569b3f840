import * as assert from "node:assert/strict";
import { test } from "node:test";
import { downsampleRgba, EMOJI_CATEGORIES, loadEmoji } from "../../../datasets/entries/emoji";

test("emoji (shipped extract): 360 RGBA 32x32 images, 9 categories x 40, non-blank", async () => {
  const e = await loadEmoji();
  assert.equal(e.meta.length, 360);
  assert.equal(e.images.length, 360 * 32 * 32 * 4);
  assert.equal(e.classes.length, 9);
  assert.equal(e.meta[0].category, EMOJI_CATEGORIES[0]);
  // every sprite has some opaque pixels and some colour variation
  for (let i = 0; i < 360; i++) {
    const img = e.images.subarray(i * 4096, (i + 1) * 4096);
    let opaque = 0;
    for (let p = 3; p < img.length; p += 4) if (img[p] > 128) opaque++;
    assert.ok(opaque > 50, `sprite ${i} (${e.meta[i].short_name}) is nearly empty`);
  }
  const rgb = await loadEmoji({ rgb: true });
  assert.equal(rgb.channels, 3);
  assert.equal(rgb.images.length, 360 * 32 * 32 * 3);
  assert.deepEqual(Array.from(rgb.images.subarray(0, 3)), [255, 255, 255]); // transparent corner -> white
});

test("downsampleRgba averages colour weighted by alpha", () => {
  const data = Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // red, transparent blue, 2 transparent
  const out = downsampleRgba({ width: 2, height: 2, data }, 2);
  assert.deepEqual(Array.from(out.data), [255, 0, 0, 64]);
});

test("emoji extract ships only neutral images (no weapons, alcohol, tobacco, rude gestures)", async () => {
  const e = await loadEmoji();
  const banned = /middle.finger|\bpoo\b|pile.of.poo|\bbomb\b|pistol|\bgun\b|knife|dagger|sword|smoking|cigarette|beer|wine|cocktail|symbols.on.mouth|underage/i;
  for (const m of e.meta) assert.ok(!banned.test(m.short_name) && !banned.test(m.name), m.short_name);
});
