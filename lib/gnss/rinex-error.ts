/** Errors raised by the RINEX readers: they name the file and the 1-based line, so the user can open the spot. */

/** A RINEX parse error carrying the file name and line number. */
export class RinexError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = "RinexError";
  }
}

/** Reads a fixed-width float field (Fortran D or E exponent); blank → null; garbage → RinexError. */
export function parseField(file: string, lineNo: number, line: string, start: number, width: number, what: string): number | null {
  const raw = line.slice(start, start + width).trim();
  if (raw === "") return null;
  const v = Number(raw.replace(/[dD]/, "E"));
  if (!Number.isFinite(v)) {
    throw new RinexError(file, lineNo, `${what}: expected a number in columns ${start + 1}-${start + width}, got "${raw}"`);
  }
  return v;
}

/** Like parseField but a blank field is an error too. */
export function requireField(file: string, lineNo: number, line: string, start: number, width: number, what: string): number {
  const v = parseField(file, lineNo, line, start, width, what);
  if (v === null) throw new RinexError(file, lineNo, `${what}: field in columns ${start + 1}-${start + width} is blank`);
  return v;
}
