const { simulateDrive } = require("/work/wt/fid-iedm/dist/lib/papers/iedm/data");
const { runMethod } = require("/work/wt/fid-iedm/dist/lib/papers/iedm/methods");
const drive = simulateDrive({ seed: 1000, duration: 150 });
process.env.FI_T = String(drive.t0 + 105);
runMethod(drive, "i-edm", { kInnovation: 3.5 });
process.env.FI_T = String(drive.t0 + 112);
runMethod(drive, "i-edm", { kInnovation: 3.5 });
