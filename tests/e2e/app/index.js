/**
 * The e2e JupyterLab app: the core JupyterLab 4 extensions as source imports (like JupyterLab's own
 * examples/app), plus every prebuilt ("federated") extension that jupyterlab_server lists in the page
 * config, loaded the way JupyterLab loads them: the extension's remoteEntry script is added to the page,
 * its container is initialised with this app's share scope, and its `./extension`, `./mimeExtension`
 * and `./style` modules are fetched from it. paperlab's extension reaches the app only this way (from
 * `paperlab lab install --prefix ...`), never as a source import.
 */
import { PageConfig, URLExt } from '@jupyterlab/coreutils';

__webpack_public_path__ = PageConfig.getOption('fullStaticUrl') + '/';

import('./build/style.js');

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.onerror = () => reject(new Error(`could not load ${url}`));
    script.onload = resolve;
    script.async = true;
    script.src = url;
    document.head.appendChild(script);
  });
}

/** Loads the federated extensions listed in the page config; returns their plugin and MIME modules. */
async function loadFederatedExtensions() {
  const listed = JSON.parse(PageConfig.getOption('federated_extensions') || '[]');
  const base = PageConfig.getOption('fullLabextensionsUrl');
  const plugins = [];
  const mimeExtensions = [];
  const loaded = [];
  await __webpack_init_sharing__('default');
  for (const ext of listed) {
    try {
      await loadScript(URLExt.join(base, ext.name, ext.load));
      const container = window._JUPYTERLAB[ext.name];
      await container.init(__webpack_share_scopes__.default);
      const get = async (module) => (await container.get(module))();
      if (ext.extension) plugins.push(await get(ext.extension));
      if (ext.mimeExtension) mimeExtensions.push(await get(ext.mimeExtension));
      if (ext.style) await get(ext.style);
      loaded.push(ext.name);
    } catch (err) {
      console.error(`federated extension ${ext.name} failed to load`, err);
    }
  }
  // For the test: which prebuilt extensions this page loaded.
  window.paperlabFederatedExtensions = loaded;
  return { plugins, mimeExtensions };
}

async function main() {
  const { JupyterLab } = await import('@jupyterlab/application');
  const federated = await loadFederatedExtensions();

  const mimeExtensions = await Promise.all([
    import('@jupyterlab/javascript-extension'),
    import('@jupyterlab/json-extension'),
    import('@jupyterlab/pdf-extension'),
    import('@jupyterlab/vega5-extension'),
  ]);
  const lab = new JupyterLab({ mimeExtensions: [...mimeExtensions, ...federated.mimeExtensions] });

  // The language-server plugins need jupyter-lsp on the server, which this test server does not have.
  const withoutLanguageServer = (m) => ({ __esModule: true, default: m.default.filter(({ id }) => !id.includes(':language-server')) });
  const core = await Promise.all([
    import('@jupyterlab/application-extension'),
    import('@jupyterlab/apputils-extension'),
    import('@jupyterlab/celltags-extension'),
    import('@jupyterlab/codemirror-extension'),
    import('@jupyterlab/completer-extension'),
    import('@jupyterlab/console-extension'),
    import('@jupyterlab/csvviewer-extension'),
    import('@jupyterlab/docmanager-extension'),
    import('@jupyterlab/documentsearch-extension'),
    import('@jupyterlab/filebrowser-extension'),
    import('@jupyterlab/fileeditor-extension').then(withoutLanguageServer),
    import('@jupyterlab/help-extension'),
    import('@jupyterlab/htmlviewer-extension'),
    import('@jupyterlab/imageviewer-extension'),
    import('@jupyterlab/inspector-extension'),
    import('@jupyterlab/launcher-extension'),
    import('@jupyterlab/mainmenu-extension'),
    import('@jupyterlab/markdownviewer-extension'),
    import('@jupyterlab/markedparser-extension'),
    import('@jupyterlab/mathjax-extension'),
    import('@jupyterlab/metadataform-extension'),
    import('@jupyterlab/notebook-extension').then(withoutLanguageServer),
    import('@jupyterlab/rendermime-extension'),
    import('@jupyterlab/running-extension'),
    import('@jupyterlab/settingeditor-extension'),
    import('@jupyterlab/shortcuts-extension'),
    import('@jupyterlab/statusbar-extension'),
    import('@jupyterlab/terminal-extension'),
    import('@jupyterlab/theme-dark-extension'),
    import('@jupyterlab/theme-light-extension'),
    import('@jupyterlab/toc-extension'),
    import('@jupyterlab/tooltip-extension'),
    import('@jupyterlab/translation-extension'),
    import('@jupyterlab/ui-components-extension'),
  ]);
  lab.registerPluginModules(core);
  lab.registerPluginModules(federated.plugins);
  await lab.start();
  // For the test, as JupyterLab's own dev build does.
  window.jupyterapp = lab;
}

window.addEventListener('load', main);
