/**
 * The frontend plugin: a "Paperlab papers" launcher section and command palette entries listing the
 * paper notebooks (`notebooks/*.ipynb` in the server root), each opening its notebook. The MIME
 * renderers are the package's `mimeExtension` (./mime).
 */
import { ILauncher } from "@jupyterlab/launcher";
import { ICommandPalette, InputDialog, showErrorMessage } from "@jupyterlab/apputils";
import { notebookIcon } from "@jupyterlab/ui-components";
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { PAPERS_DIR, PaperNotebook, paperNotebooks, ListingItem } from "./papers";

/** Command ids. */
export const COMMANDS = { open: "paperlab:open-paper", choose: "paperlab:choose-paper" } as const;
/** Launcher section and palette category. */
export const CATEGORY = "Paperlab papers";

async function listPapers(app: JupyterFrontEnd): Promise<PaperNotebook[]> {
  try {
    const dir = await app.serviceManager.contents.get(PAPERS_DIR, { content: true });
    return paperNotebooks((dir.content ?? []) as ListingItem[]);
  } catch {
    return []; // no notebooks/ folder under the server root
  }
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: "paperlab-jupyterlab:papers",
  description: "Lists paperlab's paper notebooks in the launcher and the command palette.",
  autoStart: true,
  optional: [ILauncher, ICommandPalette],
  activate: async (app: JupyterFrontEnd, launcher: ILauncher | null, palette: ICommandPalette | null) => {
    const open = (path: string) => app.commands.execute("docmanager:open", { path, factory: "Notebook" });
    app.commands.addCommand(COMMANDS.open, {
      label: (args) => String(args.label ?? args.path ?? "Open a paper notebook"),
      caption: (args) => `Open ${String(args.path ?? "a paper notebook")}`,
      icon: notebookIcon,
      execute: (args) => open(String(args.path)),
    });
    app.commands.addCommand(COMMANDS.choose, {
      label: "Open a paper notebook…",
      caption: `Choose one of the notebooks in ${PAPERS_DIR}/ and open it`,
      execute: async () => {
        const papers = await listPapers(app);
        if (papers.length === 0) {
          await showErrorMessage(
            "No paper notebooks",
            `There is no ${PAPERS_DIR}/ folder with notebooks under the server root. Start JupyterLab in the paperlab checkout (or in a folder holding its ${PAPERS_DIR}/).`,
          );
          return;
        }
        const choice = await InputDialog.getItem({ title: "Open a paper notebook", items: papers.map((p) => p.label) });
        const paper = papers.find((p) => p.label === choice.value);
        if (choice.button.accept && paper) await open(paper.path);
      },
    });
    palette?.addItem({ command: COMMANDS.choose, category: CATEGORY });
    const papers = await listPapers(app);
    papers.forEach((p, rank) => {
      const args = { path: p.path, label: p.label };
      launcher?.add({ command: COMMANDS.open, args, category: CATEGORY, rank });
      palette?.addItem({ command: COMMANDS.open, args, category: CATEGORY });
    });
  },
};

export default plugin;
