// Functions the e2e test runs inside the JupyterLab page (added with page.addInitScript, so the
// TypeScript test itself needs no DOM types). `sel` is the visible notebook panel's selector.
/* eslint-disable */
globalThis.paperlabE2E = {
  /** True when every code cell shows an execution count. */
  allRan(sel) {
    const prompts = [...document.querySelectorAll(`${sel} .jp-CodeCell .jp-InputArea-prompt`)].map((p) => p.textContent || "");
    return prompts.length > 0 && prompts.every((p) => /\[\d+\]/.test(p));
  },
  /** True when code cell n shows an execution count. */
  cellRan(sel, n) {
    const cell = document.querySelectorAll(`${sel} .jp-CodeCell`)[n];
    return /\[\d+\]/.test((cell && cell.querySelector(".jp-InputArea-prompt")?.textContent) || "");
  },
  /** True when code cell n's output text matches the regular expression `source`. */
  outputMatches(sel, n, source) {
    const cell = document.querySelectorAll(`${sel} .jp-CodeCell`)[n];
    const outs = cell ? [...cell.querySelectorAll(".jp-OutputArea-output")] : [];
    return outs.length > 0 && new RegExp(source).test(outs.map((o) => o.textContent || "").join("\n"));
  },
  /** True when every Vega-Lite output holds its canvas or svg (vega-embed renders asynchronously). */
  vegaReady(sel) {
    return [...document.querySelectorAll(`${sel} .jp-RenderedVegaLite`)].every((e) => e.querySelector("canvas, svg"));
  },
  /** Every chart: kind, size, and painted pixels (canvas), drawn marks (svg) or image pixels. */
  charts(sel) {
    const out = [];
    for (const host of document.querySelectorAll(`${sel} .jp-RenderedVegaLite, ${sel} .jp-RenderedSVGImage, ${sel} .jp-RenderedImage`)) {
      const canvas = host.querySelector("canvas");
      if (canvas) {
        const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
        out.push({ kind: "canvas", painted, w: canvas.width, h: canvas.height });
        continue;
      }
      const svg = host.querySelector("svg");
      if (svg) {
        const marks = [...svg.querySelectorAll("path, rect, line, circle, text")].filter((m) => {
          const b = m.getBBox();
          return b.width > 0 || b.height > 0;
        });
        const r = svg.getBoundingClientRect();
        out.push({ kind: "svg", painted: marks.length, w: r.width, h: r.height });
        continue;
      }
      const img = host.querySelector("img");
      out.push({ kind: "img", painted: img && img.naturalWidth > 0 ? img.naturalWidth * img.naturalHeight : 0, w: img ? img.naturalWidth : 0, h: img ? img.naturalHeight : 0 });
    }
    return out;
  },
  /** Texts of error outputs (tracebacks). */
  errors(sel) {
    return [...document.querySelectorAll(`${sel} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]`)]
      .map((e) => e.textContent || "")
      .filter((t) => /Error|Exception|KeyboardInterrupt/.test(t));
  },
  /** The claims rows the extension rendered. */
  claimRows(sel) {
    return [...document.querySelectorAll(`${sel} .paperlab-claims tbody tr`)].map((r) => ({
      id: r.getAttribute("data-claim") || "",
      verdict: (r.querySelector(".paperlab-verdict") || {}).textContent || "",
    }));
  },
  /**
   * Samples code cell n's training panel every 50 ms until the cell has run: number of outputs, the bar's
   * percent, the curve's points, whether the bar's renderer is the first one seen, and its render count.
   */
  async sampleTraining(sel, n) {
    const samples = [];
    let first = null;
    const t0 = Date.now();
    while (Date.now() - t0 < 60000) {
      const c = document.querySelectorAll(`${sel} .jp-CodeCell`)[n];
      const bar = c && c.querySelector(".paperlab-progress-panel");
      if (bar) {
        const host = bar.closest(".paperlab-rendered");
        if (!first) first = host;
        const curve = c.querySelector(".paperlab-curves-panel");
        samples.push({
          outputs: c.querySelectorAll(".jp-OutputArea-child").length,
          percent: bar.getAttribute("data-percent"),
          points: curve ? curve.getAttribute("data-points") : null,
          same: host === first,
          renders: host.dataset.renders || null,
        });
      }
      if (samples.length && this.cellRan(sel, n)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return samples;
  },
  /** The prebuilt extensions the app loaded, once JupyterLab has started (null before). */
  federated() {
    return window.jupyterapp && window.paperlabFederatedExtensions ? window.paperlabFederatedExtensions : null;
  },
  /** Plugin ids and whether paperlab's launcher plugin activated. */
  plugins() {
    const app = window.jupyterapp;
    return { ids: app.listPlugins ? app.listPlugins() : [], active: app.isPluginActivated ? app.isPluginActivated("paperlab-jupyterlab:papers") : null };
  },
};
