// Writes the settings and commands tables of README.md from package.json, so the README stays
// true as contributions change. `node scripts/readme-tables.mjs --check` exits 1 when stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const readmePath = fileURLToPath(new URL('README.md', root));

export function renderTables(pkg) {
  const props = pkg.contributes?.configuration?.properties ?? {};
  const esc = (s) => String(s).replace(/\|/g, '\\|').replace(/\n+/g, ' ');
  const settings = [
    '## Settings',
    '',
    '| setting | default | what it does |',
    '| --- | --- | --- |',
    ...Object.entries(props).map(([key, p]) => `| \`${key}\` | \`${esc(JSON.stringify(p.default ?? null))}\` | ${esc(p.markdownDescription ?? p.description ?? '')} |`),
  ].join('\n');
  const hidden = new Set(
    (pkg.contributes?.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command),
  );
  const commands = [
    '## Commands',
    '',
    'In the command palette (F1) under the **W&B** category, and on the side bar\'s context menus.',
    '',
    '| command | id |',
    '| --- | --- |',
    ...(pkg.contributes?.commands ?? [])
      .filter((c) => !hidden.has(c.command))
      .map((c) => `| ${c.category ? `${c.category}: ` : ''}${esc(c.title)} | \`${c.command}\` |`),
  ].join('\n');
  return { settings, commands };
}

export function updateReadme(readme, pkg) {
  const { settings, commands } = renderTables(pkg);
  const put = (text, name, body) => {
    const block = `<!-- ${name} -->\n${body}\n<!-- /${name} -->`;
    if (text.includes(`<!-- /${name} -->`)) return text.replace(new RegExp(`<!-- ${name} -->[\\s\\S]*?<!-- /${name} -->`), block);
    if (text.includes(`<!-- ${name} -->`)) return text.replace(`<!-- ${name} -->`, block);
    return text;
  };
  return put(put(readme, 'settings-table', settings), 'commands-table', commands);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
  const readme = readFileSync(readmePath, 'utf8');
  const next = updateReadme(readme, pkg);
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md settings/commands tables are stale: run `node scripts/readme-tables.mjs`.');
      process.exit(1);
    }
  } else if (next !== readme) {
    writeFileSync(readmePath, next);
    console.log('README.md tables updated.');
  }
}
