#!/usr/bin/env node
"use strict";
// The `paperlab` command. The TypeScript build (`npm run build`) writes dist/; this file only forwards to it.
const path = require("path");
const fs = require("fs");
const entry = path.join(__dirname, "..", "dist", "kernel", "cli.js");
if (!fs.existsSync(entry)) {
  console.error("paperlab: the TypeScript build is missing (dist/kernel/cli.js). Run `npm run build` in the paperlab folder first.");
  process.exit(2);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; })
  .catch((err) => { console.error(err && err.stack ? err.stack : String(err)); process.exitCode = 1; });
