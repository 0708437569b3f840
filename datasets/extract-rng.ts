/**
 * The random stream the shipped extracts (datasets/data/emoji, datasets/data/chinese-poetry) were
 * drawn from. They were selected with seed 20261128 when datasets/ seeded xoshiro128** through its
 * own splitmix32 variant; that seeding is retired in favour of lib/core's one `Rng`, whose seeding
 * gives seed 20261128 a different state. So the xoshiro state the old seeding produced is pinned
 * here, and the build functions (`buildEmojiSheet`, `selectSongci`) start `Rng.fromState` from it:
 * the same generator, the same draws, the shipped files reproduced byte for byte.
 */
import { Rng } from "../lib/core/train/seed";

/** The seed the shipped extracts are documented with. */
export const EXTRACT_SEED = 20261128;

/** xoshiro128** state words the retired datasets seeding made from EXTRACT_SEED. */
export const EXTRACT_STATE: readonly number[] = [1271449457, 1785833425, 52641599, 4196943133];

/** A fresh stream positioned where the shipped extracts' selection started. */
export function extractRng(): Rng {
  return Rng.fromState(EXTRACT_STATE);
}
