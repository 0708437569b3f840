const { simulateDrive } = require("/work/wt/fid-iedm/dist/lib/papers/iedm/data");
const { runMethod } = require("/work/wt/fid-iedm/dist/lib/papers/iedm/methods");
const { slipEstimates } = require("/work/wt/fid-iedm/dist/lib/papers/iedm/experiment");
let tot = 0, ex = 0; const why = {};
for (let d = 0; d < 4; d++) {
  const drive = simulateDrive({ seed: 1000 + d, duration: 150 });
  const run = runMethod(drive, "i-edm", { trace: true, kInnovation: 3.5 });
  const dec = new Map(run.decisions.map((x) => [x.t, x]));
  for (const e of slipEstimates(drive, run)) {
    if (e.sigma >= 0.19 / 4) continue;
    tot++; if (e.exact) { ex++; continue; }
    const slips = drive.faults.filter((f) => f.t === e.t && f.type.startsWith("slip")).map((f) => [f.sat, f.size, f.type]);
    const x = dec.get(e.t);
    const ep = drive.epochs.find((q) => q.t === e.t);
    const st = drive.faults.filter((f) => f.t === e.t && f.type.startsWith("slip")).map((f) => { const o = ep.rover.get(f.sat); const pv = ep.rover.get(x.ref) ; return `${f.sat}:${o.state}:code${o.codeError.toFixed(1)}:ph${o.phaseError.toFixed(3)}|ref:${pv ? pv.state : "?"}`; });
    console.log("   ", st.join(" "));
    console.log(d, e.t - drive.t0, "sigma", e.sigma.toFixed(3), "true", JSON.stringify(slips), "ref", x.ref, "rep", JSON.stringify(x.repairs), "flags", x.phaseFlags.join(","));
  }
}
console.log("exact", ex, "/", tot);
