/** User-facing texts of `paperlab run` / `paperlab reproduce` results (tests refer to them by name). */
export const runMessages = {
  standInKernel: (missing: string, language: string) =>
    `kernel '${missing}' is not installed; running this ${language === "javascript" ? "JavaScript" : "TypeScript"} notebook on paperlab (choose another with --kernel NAME)`,
  allRan: (n: number) => `all ${n} code cells ran`,
  diedWarmingUp: (reason: string) => `the kernel died while warming up: ${reason}`,
  interruptedWarmingUp: () => "interrupted while the kernel warmed up",
  cellRaised: (cell: number, what: string) => `cell ${cell} raised ${what}`,
  cellTimeout: (cell: number, timeoutS: number | undefined) => `cell ${cell} exceeded --timeout ${timeoutS} s; the kernel was interrupted`,
  interrupted: (cell: number) => `interrupted during cell ${cell}`,
  kernelDied: (cell: number, reason: string) => `the kernel died during cell ${cell}: ${reason}`,
  unknownPapers: (unknown: string[], known: string[]) => `unknown paper${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}: known papers are ${known.join(", ")}`,
  noPapers: (dir: string) =>
    `no paper notebooks in ${dir} (a paper notebook is <paper>.ipynb whose cell tagged 'parameters' declares scale); point --notebooks at the folder that has them`,
  serversLine: (where: string, problem: string) =>
    `${where}: ${problem}; each line of a servers file is 'URL [TOKEN]' (e.g. http://127.0.0.1:8888/ abc123), '#' starts a comment`,
  serversUnreadable: (file: string, why: string) => `cannot read servers file ${file}: ${why}; --servers takes a file with one 'URL [TOKEN]' a line`,
  serversEmpty: (file: string) => `servers file ${file} names no server; add one 'URL [TOKEN]' a line`,
  serverUnreachable: (url: string, why: string) =>
    `the server ${url} does not answer (${why}); check that it runs, that this URL (host, port, base path) reaches it from here, and any proxy or firewall between`,
  serverRefused: (url: string, status: number) =>
    `the server ${url} refused the token (HTTP ${status}); give its token in the servers file, with --token, or in PAPERLAB_SERVER_TOKEN`,
  allHostsDown: (reasons: string[]) => `no server left to run on: ${reasons.join("; ")}`,
  retrying: (attempt: number, max: number, from: string, reason: string, to: string) =>
    `retry ${attempt}/${max}: the run on ${from} failed (${reason.split("\n")[0]}); running it again on ${to}`,
};
