/**
 * Images of the toxicn-mm stand-in: the shipped `emoji` extract (360 Noto emoji, 32×32 RGBA, Apache-2.0) with their
 * Chinese names from `emoji-zh` (emojibase-data), grouped into the image sets of pools.ts, and the augmentation
 * (shift ≤ 3 px, brightness jitter, a light background tint) rendered into RGB bytes.
 */
import { loadEmoji, type EmojiSet } from "../../../datasets/entries/emoji";
import { loadEmojiZh, zhForEmoji, type EmojiZhRecord } from "../../../datasets/entries/emoji-zh";
import { AMBIGUOUS_IMAGES, CUE_IMAGES, EXCLUDED_CATEGORIES, EXCLUDED_SUBCATEGORIES, NEUTRAL_IMAGES, type ImageSetSpec } from "./pools";
import { toxicnMessages } from "./messages";

/** Side of the images. */
export const IMG = 32;

/** The emoji and their Chinese records. */
export interface MemeAssets {
  /** RGBA sprites [360, 32, 32, 4]. */
  emoji: EmojiSet;
  zh: EmojiZhRecord[];
  /** Emoji indices of each set: cue[t − 1], ambiguous[k], neutral. */
  sets: { cue: number[][]; ambiguous: number[][]; neutral: number[] };
}

/** Augmentation of one item's picture. */
export interface ImageAug {
  /** Emoji index in the extract. */
  emoji: number;
  /** Shift in pixels, each in [−3, 3]. */
  dx: number;
  dy: number;
  /** Background colour (RGB, 200–255) and brightness factor of the sprite (0.85–1.15). */
  bg: [number, number, number];
  gain: number;
}

function indicesOf(e: EmojiSet, spec: ImageSetSpec): number[] {
  const out: number[] = [];
  e.meta.forEach((m, i) => {
    const excluded = (EXCLUDED_CATEGORIES as readonly string[]).includes(m.category) || (EXCLUDED_SUBCATEGORIES as readonly string[]).includes(m.subcategory);
    if (!excluded && spec.subcategories.includes(m.subcategory)) out.push(i);
  });
  if (out.length === 0) throw new Error(toxicnMessages.emptySet(spec.name));
  return out;
}

/** Groups the emoji extract into the generator's image sets (pure; a test can pass its own EmojiSet). */
export function buildAssets(emoji: EmojiSet, zh: EmojiZhRecord[]): MemeAssets {
  return {
    emoji,
    zh,
    sets: { cue: CUE_IMAGES.map((s) => indicesOf(emoji, s)), ambiguous: AMBIGUOUS_IMAGES.map((s) => indicesOf(emoji, s)), neutral: indicesOf(emoji, NEUTRAL_IMAGES) },
  };
}

/** Loads the shipped emoji (RGBA) and their Chinese names, grouped into sets. */
export async function loadMemeAssets(): Promise<MemeAssets> {
  const emoji = await loadEmoji();
  return buildAssets(emoji, zhForEmoji(loadEmojiZh(), emoji.meta));
}

/**
 * Renders items into RGB bytes [n, 32, 32, 3]: out(y, x) = α·clip(gain·rgb(y − dy, x − dx)) + (1 − α)·bg, pixels shifted
 * in from outside the sprite are background.
 */
export function renderImages(augs: readonly ImageAug[], emoji: EmojiSet): Uint8Array {
  if (emoji.channels !== 4 || emoji.size !== IMG) throw new Error(toxicnMessages.imageShape([emoji.size, emoji.size, emoji.channels], "[32, 32, 4] RGBA sprites"));
  const out = new Uint8Array(augs.length * IMG * IMG * 3);
  augs.forEach((a, n) => {
    const base = a.emoji * IMG * IMG * 4;
    for (let y = 0; y < IMG; y++)
      for (let x = 0; x < IMG; x++) {
        const sy = y - a.dy, sx = x - a.dx;
        const o = ((n * IMG + y) * IMG + x) * 3;
        const inside = sy >= 0 && sy < IMG && sx >= 0 && sx < IMG;
        const s = base + (sy * IMG + sx) * 4;
        const al = inside ? emoji.images[s + 3] / 255 : 0;
        for (let c = 0; c < 3; c++) {
          const fg = inside ? Math.min(255, emoji.images[s + c] * a.gain) : 0;
          out[o + c] = Math.round(al * fg + (1 - al) * a.bg[c]);
        }
      }
  });
  return out;
}
