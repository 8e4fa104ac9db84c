// Builds the production bundles and packs them into dist-vsix/wandb-explorer.vsix.
// Usage: node scripts/package.mjs   (npm run package)
//
// The README's screenshots do not ship in the .vsix (.vscodeignore): the Marketplace and
// VS Code's extension page show README images from URLs. Where those URLs point is the
// publisher's to say, so the base is taken, in this order, from:
//   1. VSIX_BASE_CONTENT_URL (and VSIX_BASE_IMAGES_URL, which defaults to it): passed to vsce
//      as --baseContentUrl / --baseImagesUrl, which rewrite the README's relative links;
//   2. a `repository` field in package.json: vsce derives both bases from it;
//   3. neither: the README's links stay relative (they work in a clone of the repository, and
//      its images are missing from the installed extension's page), and vsce is told so.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The vsce options that say where the README's relative links point. */
function readmeLinkOptions(env, manifest) {
  const content = env.VSIX_BASE_CONTENT_URL;
  const images = env.VSIX_BASE_IMAGES_URL || content;
  if (content || images) return [...(content ? ['--baseContentUrl', content] : []), '--baseImagesUrl', images];
  if (manifest.repository) return [];
  return ['--allow-missing-repository', '--no-rewrite-relative-links'];
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const links = readmeLinkOptions(process.env, manifest);
if (links.includes('--no-rewrite-relative-links')) {
  console.log('package: no VSIX_BASE_CONTENT_URL and no repository in package.json; README links stay relative (see CONTRIBUTING.md)');
}
run(process.execPath, ['scripts/build.mjs', '--production']);
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
run(process.execPath, [vsce, 'package', '--no-dependencies', ...links, '--out', 'dist-vsix/wandb-explorer.vsix']);
