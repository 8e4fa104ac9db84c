/**
 * The one HTML document of a panel: a strict Content-Security-Policy with a fresh nonce, the
 * bundled script and stylesheets, and an empty `#app` the script fills. Set once per panel;
 * everything after that arrives as messages.
 */
import * as vscode from 'vscode';

export function makeNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64').replace(/[+/=]/g, '');
}

export interface ShellParts {
  cspSource: string;
  nonce: string;
  title: string;
  scriptUri: string;
  styleUris: string[];
  /** JSON the page reads at start (e.g. which run it shows), put in an attribute as text. */
  init?: unknown;
}

/**
 * The CSP: nothing by default; scripts by nonce; styles and fonts from the extension; images,
 * and the Media tab's sound and video, only as data: URIs the extension made (no blob:, no
 * network: the page never fetches anything itself).
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    'media-src data:',
  ].join('; ');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function shellHtml(p: ShellParts): string {
  const styles = p.styleUris.map((u) => `<link rel="stylesheet" href="${escapeAttr(u)}">`).join('\n  ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(p.cspSource, p.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  ${styles}
  <title>${escapeAttr(p.title)}</title>
</head>
<body>
  <div id="app" data-init="${escapeAttr(JSON.stringify(p.init ?? null))}"></div>
  <script nonce="${p.nonce}" src="${escapeAttr(p.scriptUri)}"></script>
</body>
</html>`;
}

/** Webview options every panel uses: scripts on, resources only from `dist/` and `media/`. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Sets the panel's HTML for the bundle `dist/webview/<name>.js` (+ its CSS and the codicons). */
export function setShell(webview: vscode.Webview, extensionUri: vscode.Uri, name: string, title: string, init?: unknown): void {
  webview.options = webviewOptions(extensionUri);
  const asset = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', f)).toString();
  webview.html = shellHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    title,
    scriptUri: asset(`${name}.js`),
    styleUris: [asset('codicon.css'), asset(`${name}.css`)],
    init,
  });
}
