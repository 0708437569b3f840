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
};
