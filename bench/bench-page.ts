/**
 * The page a webview bundle runs in for a Chromium benchmark: the panel's CSP (scripts by nonce
 * only, styles and fonts from the bench's origin), its stylesheets, `#app` with its init data,
 * a JSON block the stand-in host reads, the stand-in host script, then the real bundle.
 */
export interface BenchPage {
  origin: string;
  nonce: string;
  /** `run`, `compare`, `runs-table`: dist/webview/<bundle>.js and .css. */
  bundle: string;
  init: unknown;
  /** Put as JSON in `<script type="application/json" id="bench-spec">`. */
  spec: unknown;
  /** The stand-in for VS Code's host: a URL on the origin, or the script's text. */
  host: { src: string } | { text: string };
}

export function benchPageHtml(p: BenchPage): string {
  const csp = ["default-src 'none'", `script-src 'nonce-${p.nonce}'`, `style-src ${p.origin}`, `font-src ${p.origin}`, `img-src ${p.origin} data:`].join('; ');
  const spec = JSON.stringify(p.spec).replace(/</g, '\\u003c');
  const host = 'src' in p.host ? `<script nonce="${p.nonce}" src="${p.host.src}"></script>` : `<script nonce="${p.nonce}">${p.host.text}</script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <link rel="stylesheet" href="/webview/codicon.css">
  <link rel="stylesheet" href="/webview/${p.bundle}.css">
  <title>bench</title>
</head>
<body class="vscode-dark">
  <div id="app" data-init='${JSON.stringify(p.init).replace(/'/g, '&#39;')}'></div>
  <script type="application/json" id="bench-spec">${spec}</script>
  ${host}
  <script nonce="${p.nonce}" src="/webview/${p.bundle}.js"></script>
</body>
</html>`;
}
