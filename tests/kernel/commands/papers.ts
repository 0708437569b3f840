/**
 * Test support for `paperlab reproduce` at scale: small Python paper notebooks (Debian's ipykernel) written
 * into a temporary folder, each declaring `scale` and `seed` (and optionally more parameters), sleeping a
 * little where a test needs a run in flight, and displaying one claim whose value comes from its seed and
 * parameters (so two runs agree only when they computed the same thing), plus one named figure.
 */
import * as fs from "fs";
import * as path from "path";

/** Options of `writePaper`. */
export interface ToyPaperOptions {
  /** Seconds the notebook sleeps in its second code cell (0: none). */
  sleepS?: number;
  /** Extra parameters (name → Python literal) declared after `scale` and `seed`. */
  extra?: Record<string, string>;
}

const code = (source: string, tags: string[] = []) => ({ cell_type: "code", execution_count: null, id: `c${Math.random().toString(36).slice(2, 10)}`, metadata: tags.length ? { tags } : {}, outputs: [], source });

/** Writes `<dir>/<name>.ipynb`; returns its path. */
export function writePaper(dir: string, name: string, o: ToyPaperOptions = {}): string {
  const extra = Object.entries(o.extra ?? {});
  const params = [`scale = "default"  # smoke | default | full`, `seed = 0`, ...extra.map(([k, v]) => `${k} = ${v}`)].join("\n");
  const mix = ["seed", ...extra.map(([k]) => k)].map((k) => `str(${k})`).join(" + ");
  const claim = `import random
from IPython.display import publish_display_data
ours = round(random.Random(${mix} + "/${name}").random(), 6)
record = {
    "id": "value", "paper": "${name}", "statement": "${name} draws its value from its seed",
    "paperValue": ours, "ours": ours, "compare": {"kind": "tolerance", "tol": 0.0},
    "scale": scale, "unit": "", "holds": True, "verdict": "holds", "reason": "drawn twice",
    "provenance": {"seed": seed, "backend": "python", "versions": {"node": "-", "tfjs": None, "paperlab": None},
                   "wallTimeS": 0.1, "recordedAt": "2026-01-01T00:00:00Z"},
}
publish_display_data(data={"application/vnd.paperlab.claims+json": {"version": 1, "claims": [record]}, "text/plain": str(ours)},
                     metadata={"paperlab": {"claims": ["value"]}})`;
  const figure = `spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 100, "height": 60,
        "data": {"values": [{"x": i, "y": (i * ours) % 1} for i in range(4)]},
        "mark": "line", "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}}
publish_display_data(data={"application/vnd.vegalite.v5+json": spec, "text/plain": "<fig>"}, metadata={"paperlab": {"figure": "fig-line"}})`;
  const cells = [code(params, ["parameters"]), ...(o.sleepS ? [code(`import time\ntime.sleep(${o.sleepS})`)] : []), code(claim), code(figure)];
  const nb = { cells, metadata: { kernelspec: { display_name: "Python 3", language: "python", name: "python3" } }, nbformat: 4, nbformat_minor: 5 };
  const file = path.join(dir, `${name}.ipynb`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(nb, null, 1));
  return file;
}

/** A report with what differs between equal runs removed: when and where each ran, and how long it took. */
export function comparable(report: Record<string, unknown>): unknown {
  const r = JSON.parse(JSON.stringify(report));
  delete r.generatedAt;
  delete r.totals;
  delete r.transport;
  for (const p of r.papers) {
    delete p.wallTimeS;
    delete p.run;
  }
  return r;
}
