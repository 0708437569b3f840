/**
 * Registers every dataset entry (import order = `paperlab datasets list` order).
 * To add an entry, create datasets/entries/<name>.ts following the pattern in datasets/README.md
 * and add one import line here.
 */
import * as fs from "fs";
import * as path from "path";

import "./mnist";
import "./digits";
import "./folders";
import "./emoji";
import "./emoji-zh";
import "./wordnet";
import "./brown";
import "./word-vectors";
import "./chinese-poetry";
import "./dslabs";
import "./vega";
import "./mqar";
import "./laqda-synth";
import "./pcl-synth";
import "./rheed-qd";
import "./bci-sim";
import "./bci-recorded";
import "./odoherty-reaching";
import "./toxicn-mm";

// GNSS slot: datasets/entries/gnss.ts (owned by the GNSS helper, lib/gnss/) registers its entries
// (rtklib TLEs, simulated observations) when it exists; nothing to edit here when it lands.
if (fs.existsSync(path.join(__dirname, "gnss.js")) || fs.existsSync(path.join(__dirname, "gnss.ts"))) {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  require("./gnss");
}
