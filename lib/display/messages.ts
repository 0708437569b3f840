/**
 * User-facing texts of lib/display (the display path and its tslab / Deno compatibility layers),
 * in one place so tests can refer to them by name. Each says what happened and what to do.
 */

/** Error and notice texts, keyed by name. */
export const displayMessages = {
  denoUpdateWithoutId: () =>
    "Deno.jupyter.display: { update: true } needs the display_id of the output to replace; " +
    "pass { display_id: 'my-id' } both when first showing it and when updating it",
  denoNoBroadcast: (msgType: string) =>
    `Deno.jupyter.broadcast('${msgType}'): no kernel receives messages here (headless); ` +
    "run the notebook in the paperlab kernel, or use display() which prints text headless",
  denoImageUnknown: (what: string) =>
    `Deno.jupyter.image: ${what} is neither a PNG nor a JPEG (checked the file signature); pass PNG or JPEG bytes or a path to such a file`,
};
