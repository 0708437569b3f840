/**
 * Area-average resize of a decoded RGBA image to RGB bytes (what a 32×32 model input needs from a photo or meme of
 * any size): output pixel (y, x) is the mean of the input pixels in rows [⌊y·H/h⌋, ⌊(y+1)·H/h⌋) and columns
 * [⌊x·W/w⌋, ⌊(x+1)·W/w⌋) (at least one each, so upscaling repeats pixels), alpha composited over white:
 *   rgb_out = mean(α·rgb + (1 − α)·255),  α = a / 255.
 */
import type { RgbaImage } from "./png";

/** RGB bytes [h, w, 3] of `img` resized by area averaging (see the file header). */
export function resizeToRgb(img: RgbaImage, h: number, w: number): Uint8Array {
  const { width: W, height: H, data } = img;
  if (!(W > 0 && H > 0 && data.length === W * H * 4)) throw new Error(`resizeToRgb: image of ${W}×${H} with ${data.length} bytes; expected ${W * H * 4} RGBA bytes`);
  if (!(Number.isInteger(h) && Number.isInteger(w) && h > 0 && w > 0)) throw new Error(`resizeToRgb: output size ${h}×${w} must be positive integers`);
  const out = new Uint8Array(h * w * 3);
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor((y * H) / h), y1 = Math.max(Math.floor(((y + 1) * H) / h), y0 + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor((x * W) / w), x1 = Math.max(Math.floor(((x + 1) * W) / w), x0 + 1);
      const acc = [0, 0, 0];
      for (let yy = y0; yy < y1; yy++)
        for (let xx = x0; xx < x1; xx++) {
          const s = (yy * W + xx) * 4, a = data[s + 3] / 255;
          for (let c = 0; c < 3; c++) acc[c] += a * data[s + c] + (1 - a) * 255;
        }
      const n = (y1 - y0) * (x1 - x0);
      for (let c = 0; c < 3; c++) out[(y * w + x) * 3 + c] = Math.round(acc[c] / n);
    }
  }
  return out;
}
