/** Paths of the RTKLIB-derived RINEX fixtures (see lib/gnss/data/README.md for origin and licence). */
import * as fs from "node:fs";
import * as path from "node:path";

/** Repository-relative fixture folder, resolved from the compiled test location (dist/tests/lib/gnss). */
export const FIXTURES = path.resolve(__dirname, "..", "..", "..", "..", "tests", "lib", "gnss", "fixtures");

/** Reads a fixture file as text. */
export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), "utf8");
}
