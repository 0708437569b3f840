/**
 * The one error type of datasets/: every failure names the file, the line or byte offset where
 * it was found, what was expected, what was received, and the fix (a command or a step).
 */

/** Where in a file a problem was found. Lines and columns are 1-based; offsets are 0-based bytes. */
export interface Location {
  file: string;
  line?: number;
  column?: number;
  offset?: number;
}

/** A dataset problem with a machine-readable location and the fix a person should apply. */
export class DatasetError extends Error {
  override name = "DatasetError";
  /** The file (and line / offset) concerned, when there is one. */
  readonly location?: Location;
  /** What to do about it: the command to run or the step to take. */
  readonly fix: string;
  /** A stable code so tests and callers can tell problems apart (see messages.ts). */
  readonly code: string;
  /** The problem alone (the message adds the location and the fix). */
  readonly problem: string;

  constructor(code: string, problem: string, fix: string, location?: Location) {
    super(`${formatLocation(location)}${problem}\n  fix: ${fix}`);
    this.code = code;
    this.problem = problem;
    this.fix = fix;
    this.location = location;
  }
}

/** `file:line:column: ` or `file@offset N: ` or `` (no location). */
export function formatLocation(loc?: Location): string {
  if (!loc) return "";
  if (loc.line !== undefined) return `${loc.file}:${loc.line}${loc.column !== undefined ? `:${loc.column}` : ""}: `;
  if (loc.offset !== undefined) return `${loc.file} (byte offset ${loc.offset}): `;
  return `${loc.file}: `;
}

/** Type guard for DatasetError (also across module copies: checks the name and code). */
export function isDatasetError(e: unknown): e is DatasetError {
  return e instanceof Error && e.name === "DatasetError" && typeof (e as DatasetError).code === "string";
}
