/** User-facing texts of notebook reading and parameter injection (tests refer to them by name). */
export const notebookMessages = {
  unsupportedLanguage: (language: string | undefined) =>
    `cannot inject parameters into a '${language}' notebook: supported kernel languages are typescript, javascript and python`,
  notANumber: (name: string, def: string, text: string) => `parameter '${name}' is a number (default ${def}), got '${text}'`,
  notABoolean: (name: string, def: string, text: string) => `parameter '${name}' is a boolean (default ${def}), got '${text}': use true or false`,
  noParametersCell: (names: string[]) =>
    `the notebook has no cell tagged 'parameters', so it takes no parameters (got ${names.join(", ")}); tag the cell that sets the defaults with 'parameters'`,
  unknownParameters: (unknown: string[], declared: string[]) =>
    `unknown parameter${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `'${n}'`).join(", ")}: the parameters cell declares ${declared.length ? declared.join(", ") : "(none declared)"}`,
  constParameters: (names: string[]) =>
    `parameter${names.length > 1 ? "s" : ""} ${names.join(", ")} ${names.length > 1 ? "are" : "is"} declared with const in the parameters cell; declare parameters with let so the injected cell can assign them`,
};
