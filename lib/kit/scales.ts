/**
 * One typed config per paper, at three scales. `defineScales` checks at definition that every scale sets the
 * same keys as `default`, and `config(scale, overrides)` checks at run time that the scale exists and that each
 * override names a known key with a value of the same kind:
 *
 *   export const SCALES = defineScales("metala", { smoke: {...}, default: {...}, full: {...} });
 *   const cfg = SCALES.config(scale, { steps: 400 });   // typed MetalaConfig
 */
import { kitMessages } from "./messages";

/** The three scales every paper defines: seconds (tests), the default run (CPU budget), the paper's scale. */
export const SCALE_NAMES = ["smoke", "default", "full"] as const;
/** A scale name. */
export type Scale = (typeof SCALE_NAMES)[number];

/**
 * What `config` accepts on top of a scale: any subset of the keys, and for a nested group (a plain object, not an
 * array) any subset of its fields; the rest of the group keeps the scale's values.
 */
export type Overrides<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? Partial<T[K]> : T[K];
};

/** Options of `defineScales`. */
export interface ScalesOptions<T> {
  /**
   * Reference objects of nested groups whose presets set only some fields (a `Partial` of another config, e.g.
   * MetaLA's `model: Partial<ModelConfig>` or I-EDM's `drive: Partial<DriveConfig>`): override keys of such a group are
   * checked against its reference's keys (e.g. `MODEL_DEFAULTS`) instead of the keys the preset happens to set.
   */
  groups?: { [K in keyof T]?: object };
}

/** A paper's configs by scale, and the checked way to get one. */
export interface Scales<T extends object> {
  /** Paper id used in messages. */
  readonly paper: string;
  /** The presets (frozen copies). */
  readonly presets: Readonly<Record<Scale, Readonly<T>>>;
  /** The config of `scale` with `overrides` applied; an unknown scale or key throws naming the known ones. */
  config(scale?: string, overrides?: Overrides<T>): T;
  /** True for a known scale name. */
  isScale(s: unknown): s is Scale;
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/**
 * Defines a paper's scales. Nested objects are merged one level deep by `config` (an override
 * `{ model: { d: 64 } }` keeps the other model fields), so configs can group related fields.
 */
export function defineScales<T extends object>(paper: string, presets: Record<Scale, T>, options: ScalesOptions<T> = {}): Scales<T> {
  const ref = Object.keys(presets.default);
  for (const s of SCALE_NAMES) {
    if (!presets[s]) throw new Error(kitMessages.unknownScale(paper, s, Object.keys(presets)));
    const keys = Object.keys(presets[s]);
    const missing = ref.filter((k) => !keys.includes(k));
    const extra = keys.filter((k) => !ref.includes(k));
    if (missing.length || extra.length) throw new Error(kitMessages.scaleKeys(paper, s, missing, extra));
  }
  const frozen = Object.freeze({ smoke: Object.freeze({ ...presets.smoke }), default: Object.freeze({ ...presets.default }), full: Object.freeze({ ...presets.full }) });
  const isScale = (s: unknown): s is Scale => typeof s === "string" && (SCALE_NAMES as readonly string[]).includes(s);
  return {
    paper,
    presets: frozen,
    isScale,
    config(scale: string = "default", overrides: Overrides<T> = {}): T {
      if (!isScale(scale)) throw new Error(kitMessages.unknownScale(paper, scale, SCALE_NAMES));
      const base = presets[scale] as Record<string, unknown>;
      const out: Record<string, unknown> = structuredClone(base);
      for (const [k, v] of Object.entries(overrides as Record<string, unknown>)) {
        if (!(k in base)) throw new Error(kitMessages.unknownKey(paper, k, Object.keys(base)));
        if (v === undefined) continue;
        const want = kind(base[k]);
        if (want !== "undefined" && want !== "null" && kind(v) !== want) throw new Error(kitMessages.badOverride(paper, k, want, v));
        if (want === "object") {
          const inner = base[k] as Record<string, unknown>;
          const known = Object.keys((options.groups as Record<string, object> | undefined)?.[k] ?? inner);
          for (const ik of Object.keys(v as object)) {
            if (!known.includes(ik)) throw new Error(kitMessages.unknownKey(`${paper} ${k}`, ik, known));
          }
          out[k] = { ...inner, ...(v as object) };
        } else out[k] = v;
      }
      return out as T;
    },
  };
}
