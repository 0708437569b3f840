/**
 * The claims table: one row per claim with its verdict, the paper's value, the threshold checked (apart from the
 * paper's number) and ours (with ± sd and n when the claim has per-seed samples, and the interval it was decided on
 * when it has one), the check in words, the scale,
 * and the run's provenance (seed, backend, versions, wall time). Values are worded by lib/protocol.ts's
 * `claimValueText`, as in lib/claims and the report. The payload is what paperlab's `lib/claims` sends as
 * `application/vnd.paperlab.claims+json`; its layout is lib/protocol.ts's `ClaimsPayload`:
 *   { version: 1, claims: [{ id, paper, statement, paperValue, ours, unit?, verdict, reason, scale,
 *                            note?, spread?, threshold?, interval?: { estimate, lo, hi, level, n, method }, provenance: { seed, backend, versions: { node, tfjs, paperlab },
 *                                                                      wallTimeS, recordedAt } }] }
 */
import { CLAIMS_MIME, CLAIMS_VERSION, ClaimInterval, ClaimRow, Provenance, Spread, VERDICTS, Verdict, claimValueText } from "../../../../lib/protocol";
import { PayloadError, errorBox, expect, fmt, h, isObject, kind } from "./dom";

/** A claim as this renderer reads it: the protocol's row, its provenance optional and partial (older outputs). */
export type ReadClaim = Omit<ClaimRow, "provenance"> & { provenance?: Partial<Provenance> };

/** Checks a claims payload; throws a PayloadError naming the first bad field. */
export function parseClaims(data: unknown): ReadClaim[] {
  const p = expect.object(data, "payload");
  expect.version(p.version, "version", CLAIMS_VERSION);
  if (!Array.isArray(p.claims)) throw new PayloadError("claims", `expected an array of claims, got ${kind(p.claims)}`);
  return p.claims.map((c: unknown, i: number) => {
    const at = `claims[${i}]`;
    const r = expect.object(c, at);
    const verdict = r.verdict;
    if (!VERDICTS.includes(verdict as Verdict)) {
      throw new PayloadError(`${at}.verdict`, `expected one of ${VERDICTS.map((v) => JSON.stringify(v)).join(", ")}, got ${kind(verdict)}`);
    }
    const pv = r.paperValue;
    if (!(pv === null || typeof pv === "number" || typeof pv === "string")) {
      throw new PayloadError(`${at}.paperValue`, `expected a number, a string or null, got ${kind(pv)}`);
    }
    if (!(r.ours === null || typeof r.ours === "number")) throw new PayloadError(`${at}.ours`, `expected a number or null, got ${kind(r.ours)}`);
    if (!(r.scale === null || r.scale === undefined || typeof r.scale === "string")) {
      throw new PayloadError(`${at}.scale`, `expected a string or null, got ${kind(r.scale)}`);
    }
    if (r.provenance !== undefined && !isObject(r.provenance)) throw new PayloadError(`${at}.provenance`, `expected an object, got ${kind(r.provenance)}`);
    let spread: Spread | undefined;
    if (r.spread !== undefined) {
      const sp = expect.object(r.spread, `${at}.spread`);
      const [n, mean, sd, min, max] = (["n", "mean", "sd", "min", "max"] as const).map((k) => expect.number(sp[k], `${at}.spread.${k}`));
      spread = { n, mean, sd, min, max };
    }
    let interval: ClaimInterval | undefined;
    if (r.interval !== undefined) {
      const iv = expect.object(r.interval, `${at}.interval`);
      const [estimate, lo, hi, level, n] = (["estimate", "lo", "hi", "level", "n"] as const).map((k) => expect.number(iv[k], `${at}.interval.${k}`));
      interval = { estimate, lo, hi, level, n, method: typeof iv.method === "string" ? iv.method : "" };
    }
    return {
      id: expect.string(r.id, `${at}.id`),
      paper: expect.string(r.paper, `${at}.paper`),
      statement: expect.string(r.statement, `${at}.statement`),
      paperValue: pv,
      ours: r.ours,
      unit: typeof r.unit === "string" ? r.unit : undefined,
      verdict: verdict as Verdict,
      reason: expect.string(r.reason, `${at}.reason`),
      scale: (r.scale as string | null | undefined) ?? null,
      note: typeof r.note === "string" ? r.note : undefined,
      spread,
      interval,
      threshold: typeof r.threshold === "string" ? r.threshold : undefined,
      provenance: r.provenance as Partial<Provenance> | undefined,
    };
  });
}

const MARK: Record<Verdict, string> = { holds: "✓", "does not hold": "✗", "not measured": "?" };
const CLASS: Record<Verdict, string> = { holds: "paperlab-holds", "does not hold": "paperlab-fails", "not measured": "paperlab-unmeasured" };

/** "seed 7 · wasm · tfjs 4.22.0 · node v20.20.2 · paperlab 0.1.0 · 12.3 s · 2026-11-29 01:02". */
export function provenanceText(p: ReadClaim["provenance"]): string {
  if (!p) return "no provenance recorded";
  const parts: string[] = [];
  if (p.seed !== undefined && p.seed !== null) parts.push(`seed ${p.seed}`);
  if (p.backend) parts.push(p.backend);
  if (p.versions?.tfjs) parts.push(`tfjs ${p.versions.tfjs}`);
  if (p.versions?.node) parts.push(`node ${p.versions.node}`);
  if (p.versions?.paperlab) parts.push(`paperlab ${p.versions.paperlab}`);
  if (typeof p.wallTimeS === "number") parts.push(`${fmt(p.wallTimeS)} s`);
  if (p.recordedAt) parts.push(p.recordedAt.replace("T", " ").slice(0, 16));
  return parts.length ? parts.join(" · ") : "no provenance recorded";
}

/** Renders a claims payload as a table; a malformed payload gives the error box, never a blank. */
export function renderClaims(doc: Document, data: unknown): HTMLElement {
  let rows: ReadClaim[];
  try {
    rows = parseClaims(data);
  } catch (err) {
    return errorBox(doc, CLAIMS_MIME, err, data);
  }
  const held = rows.filter((r) => r.verdict === "holds").length;
  const head = h(doc, "tr", {}, ...["verdict", "claim", "paper", "threshold", "ours", "check", "scale", "provenance"].map((t) => h(doc, "th", {}, t)));
  const body = rows.map((r) =>
    h(
      doc,
      "tr",
      { class: CLASS[r.verdict], "data-claim": r.id },
      h(doc, "td", { class: "paperlab-verdict" }, `${MARK[r.verdict]} ${r.verdict}`),
      h(
        doc,
        "td",
        { class: "paperlab-claim" },
        h(doc, "code", {}, `${r.paper}/${r.id}`),
        h(doc, "div", {}, r.statement),
        r.note ? h(doc, "small", {}, r.note) : null,
      ),
      h(doc, "td", { class: "paperlab-num" }, claimValueText(r.paperValue, r.unit)),
      h(doc, "td", { class: "paperlab-num" }, r.threshold ?? "—"),
      h(doc, "td", { class: "paperlab-num" }, claimValueText(r.ours, r.unit, r.spread, r.interval)),
      h(doc, "td", {}, r.reason),
      h(doc, "td", {}, r.scale ?? "—"),
      h(doc, "td", { class: "paperlab-provenance" }, provenanceText(r.provenance)),
    ),
  );
  const count = (v: Verdict): number => rows.filter((r) => r.verdict === v).length;
  const caption =
    rows.length === 0
      ? "no claims in this output"
      : `claims: ${held} of ${rows.length} hold` +
        (count("does not hold") ? `, ${count("does not hold")} do not` : "") +
        (count("not measured") ? `, ${count("not measured")} not measured` : "");
  return h(
    doc,
    "div",
    { class: "paperlab-claims" },
    h(doc, "table", {}, h(doc, "caption", {}, caption), h(doc, "thead", {}, head), h(doc, "tbody", {}, ...body)),
  );
}
