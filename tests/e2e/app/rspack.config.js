// Builds the e2e app into build/: the bundle, plus the schemas, themes and style imports that
// @jupyter/builder's ensureAssets copies or generates for the listed extensions.
const path = require('path');
const { rspack } = require('@rspack/core');
const { Build } = require('@jupyter/builder');
const svgToDataUri = require('mini-svg-data-uri');
const pkg = require('./package.json');

const assets = Build.ensureAssets({ packageNames: pkg.jupyterlab.extensions, output: path.join(__dirname, 'build') });

// Shared with federated (prebuilt) extensions, as singletons: JupyterLab's own packages, Lumino and React.
// The versions are the ones installed here; an extension states the ranges it accepts.
const shared = {};
for (const name of Object.keys(pkg.dependencies)) {
  if (/^@jupyterlab\/[a-z-]+$/.test(name) && !name.endsWith('-extension')) shared[name] = { singleton: true };
}
for (const name of ['@lumino/widgets', '@lumino/coreutils', '@lumino/signaling', 'react', 'react-dom']) shared[name] = { singleton: true };

module.exports = [
  {
    mode: 'development',
    devtool: false,
    entry: ['./bootstrap.js'],
    output: { path: path.join(__dirname, 'build'), filename: 'bundle.js', publicPath: 'auto' },
    module: {
      rules: [
        // @jupyter/web-components ships extension-less ESM imports.
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { test: /\.(md|txt)$/, type: 'asset/source' },
        { test: /\.(jpg|png|gif|woff2?|ttf|eot)$/, type: 'asset/resource' },
        { test: /\.svg$/, issuer: /\.css$/, type: 'asset/inline', generator: { dataUrl: (content) => svgToDataUri(content.toString()) } },
        { test: /\.svg$/, issuer: /\.[jt]sx?$/, type: 'asset/source' },
      ],
    },
    plugins: [
      new rspack.DefinePlugin({ process: { cwd: () => '/', env: {} } }),
      new rspack.container.ModuleFederationPluginV1({ name: 'paperlab_e2e_host', shared }),
    ],
    bail: true,
  },
].concat(assets);
