#!/usr/bin/env node
"use strict";
// Renders logo.svg to the kernelspec's logo-32x32.png and logo-64x64.png (run once after editing the SVG).
const fs = require("fs");
const path = require("path");
const { Resvg } = require("@resvg/resvg-js");
const svg = fs.readFileSync(path.join(__dirname, "logo.svg"));
for (const size of [32, 64]) {
  const png = new Resvg(svg, { fitTo: { mode: "width", value: size } }).render().asPng();
  fs.writeFileSync(path.join(__dirname, `logo-${size}x${size}.png`), png);
}
