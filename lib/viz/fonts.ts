/**
 * Font files for PNG rendering. resvg draws no text without font files, and a bare machine may have none,
 * so the project ships Source Sans 3 through the npm package `@expo-google-fonts/source-sans-3` (OFL-1.1);
 * Debian's DejaVu (package fonts-dejavu-core) is the fallback when the package is missing.
 */
import * as fs from "fs";
import * as path from "path";

/** The family name resvg should use when a spec names none it knows. */
export const DEFAULT_FAMILY = "Source Sans 3";

const SHIPPED = [
  "400Regular/SourceSans3_400Regular.ttf",
  "400Regular_Italic/SourceSans3_400Regular_Italic.ttf",
  "600SemiBold/SourceSans3_600SemiBold.ttf",
  "700Bold/SourceSans3_700Bold.ttf",
];

const SYSTEM_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF"];

let cached: { files: string[]; family: string } | undefined;

/** The font files PNG rendering loads, and the default family among them (found once, then cached). */
export function fontFiles(): { files: string[]; family: string } {
  if (cached) return cached;
  const shipped: string[] = [];
  for (const f of SHIPPED) {
    try {
      shipped.push(require.resolve(`@expo-google-fonts/source-sans-3/${f}`));
    } catch {
      // package not installed: fall through to system fonts
    }
  }
  if (shipped.length > 0) return (cached = { files: shipped, family: DEFAULT_FAMILY });
  const system: string[] = [];
  for (const d of SYSTEM_DIRS) {
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d)) if (/^DejaVuSans(-Bold)?\.ttf$/i.test(f)) system.push(path.join(d, f));
  }
  return (cached = { files: system, family: "DejaVu Sans" });
}
