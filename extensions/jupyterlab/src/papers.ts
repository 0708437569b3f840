/**
 * The paper notebooks a user can open: `notebooks/*.ipynb` under the Jupyter server's root (start
 * JupyterLab in the paperlab checkout, or in a folder holding a copy of its `notebooks/`).
 */

/** Where paper notebooks live, relative to the server root. */
export const PAPERS_DIR = "notebooks";

/** One entry of a Contents API directory listing (the fields used). */
export interface ListingItem {
  name: string;
  path: string;
  type: string;
}

/** A paper notebook to offer. */
export interface PaperNotebook {
  /** Shown in the launcher and the palette: the file name without `.ipynb`. */
  label: string;
  /** Path for `docmanager:open`. */
  path: string;
}

/** The notebooks of a listing, sorted by name; checkpoints and hidden files left out. */
export function paperNotebooks(items: readonly ListingItem[]): PaperNotebook[] {
  return items
    .filter((i) => i.type === "notebook" && i.name.endsWith(".ipynb") && !i.name.startsWith(".") && !i.name.includes("-checkpoint"))
    .map((i) => ({ label: i.name.slice(0, -".ipynb".length), path: i.path }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
