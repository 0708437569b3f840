/**
 * DataGemma figures (card §5.6) as typed Vega-Lite specs via `lab.kit.figure`; pure functions of result rows.
 * d1: the rendered RIG answer (markdown, not a chart); d2_rig_accuracy; d3_threshold_tradeoff; d4_rag_fidelity;
 * d5_coverage_ceiling; errors_rig (error breakdown).
 */
import type { TopLevelSpec } from "vega-lite";
import { figure, referenceRule } from "../../kit";
import { facet } from "../../viz/layout";
import type { DatacommonsResults, LMRunResult } from "./experiment";

const meanSd = (xs: readonly number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return { m, sd };
};

/** D1: a LocalLM RIG answer, rewritten with DC values and footnotes (markdown). */
export function d1Markdown(r: LMRunResult | undefined): string {
  if (!r?.d1) return "_No covered RIG answer at this scale (the LM wrote no `__DC__` call that Data Commons answered)._";
  return [`**Question:** ${r.d1.question}`, "", `**RIG answer (LocalLM seed ${r.seed}):** ${r.d1.text.replace(/\*/g, "\\*")}`, "", ...r.d1.footnotes.map((f) => `- ${f}`)].join("\n");
}

/**
 * D2: claim accuracy of base / RIG / RIG + validation: LocalLM (mean ± sd over seeds), the simulated p_know sweep and
 * the simulated p_para sweep (reworded or misspelt `__DC__` questions), each simulated bar labelled so.
 */
export function d2Spec(res: DatacommonsResults): TopLevelSpec {
  const rows: Array<Record<string, unknown>> = [];
  for (const [system, key] of [["base", "base"], ["RIG", "rig"], ["RIG + validation", "rigValidated"]] as const) {
    const s = meanSd(res.lm.map((r) => r[key]));
    rows.push({ model: `LocalLM (${res.lm.length} seeds)`, system, accuracy: s.m, lo: Math.max(0, s.m - s.sd), hi: Math.min(1, s.m + s.sd) });
  }
  // Simulated panels: the p_know sweep at the first p_para, then the p_para sweep at the middle p_know.
  const para = res.simRig[0]?.pPara;
  const knows = [...new Set(res.simRig.map((x) => x.pKnow))];
  const know = knows[Math.floor(knows.length / 2)];
  for (const r of res.simRig.filter((x) => x.pPara === para)) rows.push({ model: `simulated p_know ${r.pKnow} (p_para ${r.pPara})`, system: r.system, accuracy: r.accuracy, lo: r.accuracy, hi: r.accuracy });
  for (const r of res.simRig.filter((x) => x.pKnow === know && x.pPara !== para)) rows.push({ model: `simulated p_para ${r.pPara} (p_know ${r.pKnow})`, system: r.system, accuracy: r.accuracy, lo: r.accuracy, hi: r.accuracy });
  const y = { type: "quantitative", scale: { domain: [0, 1] }, title: "claim accuracy (±1 %)" };
  return figure({
    title: "D2 — claim accuracy: base vs RIG vs RIG + validation (LocalLM mean ± sd; simulated = set error rates)",
    width: 520, height: 200,
    layer: [
      {
        data: { values: rows },
        encoding: { x: { field: "model", type: "nominal", title: null, axis: { labelAngle: -15, labelOverlap: false } }, xOffset: { field: "system", type: "nominal" }, color: { field: "system", type: "nominal" } },
        layer: [{ mark: "bar", encoding: { y: { field: "accuracy", ...y } } }, { mark: "errorbar", encoding: { y: { field: "lo", ...y }, y2: { field: "hi" } } }],
      },
      referenceRule(0.17, "paper base ≤ 17 % (unverified)"),
      referenceRule(0.58, "paper RIG ≈ 58 % (unverified)"),
    ],
  });
}

/**
 * D3: precision vs coverage as τ varies, one panel per scorer (small multiples, so scorers at the same point do not
 * cover each other); thresholds that give the same point share one label ("τ 0.7–0.9").
 */
export function d3Spec(res: DatacommonsResults): TopLevelSpec {
  const groups = new Map<string, { scorer: string; coverage: number; precision: number; taus: number[] }>();
  for (const r of res.sweep) {
    const k = `${r.scorer}|${r.coverage}|${r.precision}`;
    const g = groups.get(k) ?? { scorer: r.scorer, coverage: r.coverage, precision: r.precision, taus: [] };
    g.taus.push(r.tau);
    groups.set(k, g);
  }
  // Labels alternate above / below the line along each scorer's points, so neighbouring thresholds stay legible.
  const values = [...groups.values()].sort((a, b) => (a.scorer < b.scorer ? -1 : a.scorer > b.scorer ? 1 : a.coverage - b.coverage)).map((g, i, all) => ({
    ...g, tau: Math.min(...g.taus), label: g.taus.length > 1 ? `τ ${Math.min(...g.taus)}–${Math.max(...g.taus)}` : `τ ${g.taus[0]}`,
    below: all.slice(0, i).filter((h) => h.scorer === g.scorer).length % 2 === 1,
  }));
  const order = [...new Set(res.sweep.map((r) => r.scorer))];
  values.sort((a, b) => order.indexOf(a.scorer) - order.indexOf(b.scorer));
  const enc = { x: { field: "coverage", type: "quantitative", title: "coverage (share answered)", scale: { zero: false } }, y: { field: "precision", type: "quantitative", title: "precision", scale: { zero: false } } };
  return facet(figure({
    title: "D3 — precision vs coverage of DC point mode as the threshold τ rises (0.5 → 0.9)",
    width: 220, height: 120, data: { values },
    layer: [
      { mark: { type: "line", point: true }, encoding: { ...enc, order: { field: "tau", type: "quantitative" } } },
      { transform: [{ filter: "!datum.below" }], mark: { type: "text", dy: -9, fontSize: 9 }, encoding: { ...enc, text: { field: "label" } } },
      { transform: [{ filter: "datum.below" }], mark: { type: "text", dy: 11, fontSize: 9 }, encoding: { ...enc, text: { field: "label" } } },
    ],
  }), { field: "scorer", columns: 2 });
}

/** D4: RAG copied numbers vs inferred claims: simulated (injected p_inf) and the LocalLM's table copy rate. */
export function d4Spec(res: DatacommonsResults): TopLevelSpec {
  const rows: Array<Record<string, unknown>> = [];
  for (const r of res.simRag.rows) {
    rows.push({ source: `simulated (injected) ${r.kind}`, outcome: "right", share: r.correct });
    rows.push({ source: `simulated (injected) ${r.kind}`, outcome: "wrong", share: 1 - r.correct });
  }
  const copy = meanSd(res.lm.map((r) => r.tableCopy)).m;
  rows.push({ source: "LocalLM copied", outcome: "right", share: copy }, { source: "LocalLM copied", outcome: "wrong", share: 1 - copy });
  return figure({
    title: "D4 — RAG: numbers copied from tables vs claims inferred from them (simulated bars are injected error rates)",
    width: 300, height: 200, data: { values: rows }, mark: "bar",
    encoding: {
      x: { field: "source", type: "nominal", title: null, axis: { labelAngle: -20 } },
      y: { field: "share", type: "quantitative", stack: "zero", scale: { domain: [0, 1] }, title: "share of answers" },
      color: { field: "outcome", type: "nominal", scale: { domain: ["right", "wrong"], range: ["#4c78a8", "#e45756"] } },
    },
  });
}

/** D5: RIG accuracy vs hidden-variable share (mean, band = min–max over seeds) with C1's predicted line. */
export function d5Spec(res: DatacommonsResults): TopLevelSpec {
  const hs = [...new Set(res.lm.flatMap((r) => r.coverage.map((c) => c.hidden)))].sort((a, b) => a - b);
  const values = hs.flatMap((h) => {
    const rows = res.lm.map((r) => r.coverage.find((c) => c.hidden === h)).filter((c): c is NonNullable<typeof c> => Boolean(c));
    const acc = rows.map((c) => c.accuracy);
    return [
      { hidden: h, series: "measured", value: meanSd(acc).m, lo: Math.min(...acc), hi: Math.max(...acc) },
      { hidden: h, series: "C1: cov × prec + (1 − cov) × base", value: meanSd(rows.map((c) => c.predicted)).m, lo: null, hi: null },
    ];
  });
  const x = { field: "hidden", type: "quantitative", title: "share of fact variables hidden from the store" };
  const y = { type: "quantitative", scale: { domain: [0, 1] }, title: "claim accuracy (±1 %)" };
  return figure({
    title: "D5 — RIG accuracy as coverage shrinks, with C1's coverage-ceiling line",
    width: 320, height: 200, data: { values },
    layer: [
      { transform: [{ filter: "datum.series === 'measured'" }], mark: { type: "area", opacity: 0.25 }, encoding: { x, y: { field: "lo", ...y }, y2: { field: "hi" } } },
      { mark: { type: "line", point: true }, encoding: { x, y: { field: "value", ...y }, color: { field: "series", type: "nominal" }, strokeDash: { field: "series", type: "nominal" } } },
    ],
  });
}

/** Error breakdown of wrong RIG answers (summed over seeds). */
export function errorsSpec(res: DatacommonsResults): TopLevelSpec {
  const kinds = Object.keys(res.lm[0]?.errors ?? {});
  const values = kinds.map((k) => ({ kind: k, count: res.lm.reduce((a, r) => a + (r.errors[k] ?? 0), 0) }));
  return figure({
    title: "RIG error breakdown (LocalLM, all seeds)", width: 300, height: 160, data: { values }, mark: "bar",
    encoding: { y: { field: "kind", type: "nominal", title: null, sort: null }, x: { field: "count", type: "quantitative", title: "wrong answers" } },
  });
}
