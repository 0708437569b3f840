/**
 * The MIME renderer extension: the claims table and the live training panel. Each output keeps its
 * standard fallbacks (text/html, Vega-Lite, text/plain) in the same bundle, so a frontend without this
 * extension still shows them; with it, these renderers rank first. Re-rendering on an
 * `update_display_data` replaces the widget's content in place (JupyterLab reuses the renderer).
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import { CLAIMS_MIME, TRAINING_MIME } from "../../../lib/protocol";
import { errorBox } from "./render/dom";
import { renderClaims } from "./render/claims";
import { renderTraining } from "./render/training";

/** Ahead of text/html (rank 50) and Vega-Lite (57–60), so the extension's view wins when present. */
const RANK = 20;

/** A renderer widget around one of the pure render functions. */
export class PaperlabRenderer extends Widget implements IRenderMime.IRenderer {
  /** How many times this widget rendered (1 + in-place updates); exposed as data-renders for tests. */
  private renders = 0;
  constructor(
    private readonly mimeType: string,
    private readonly render: (doc: Document, data: unknown) => HTMLElement,
  ) {
    super();
    this.addClass("paperlab-rendered");
  }

  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    let view: HTMLElement;
    try {
      view = this.render(document, model.data[this.mimeType]);
    } catch (err) {
      // The render functions catch payload errors themselves; this is a bug in them, still never a blank.
      view = errorBox(document, this.mimeType, err, model.data[this.mimeType]);
    }
    this.node.replaceChildren(view);
    this.node.dataset.renders = String(++this.renders);
    return Promise.resolve();
  }
}

function factory(mime: string, render: (doc: Document, data: unknown) => HTMLElement): IRenderMime.IRendererFactory {
  return { safe: true, mimeTypes: [mime], defaultRank: RANK, createRenderer: () => new PaperlabRenderer(mime, render) };
}

const extensions: IRenderMime.IExtension[] = [
  { id: "paperlab-jupyterlab:claims", rendererFactory: factory(CLAIMS_MIME, renderClaims), rank: RANK, dataType: "json" },
  { id: "paperlab-jupyterlab:training", rendererFactory: factory(TRAINING_MIME, renderTraining), rank: RANK, dataType: "json" },
];

export default extensions;
