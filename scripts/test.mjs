// `npm test`: every check a change must pass, in the order that fails fastest:
//   typecheck, lint, build, unit tests, integration tests, end-to-end tests in real VS Code.
// Runs every step even after a failure (so one run shows everything that is broken), then exits
// non-zero if any failed. On a fresh Debian/Ubuntu machine as root, the e2e step first installs
// what it lacks (Chromium, code-server) through scripts/setup-e2e.mjs.
//
// Usage: node scripts/test.mjs [step...]      steps: typecheck lint build unit integration e2e
//        npm test -- unit integration         (only those steps)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ALL = ['typecheck', 'lint', 'build', 'unit', 'integration', 'e2e'];
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !ALL.includes(a));
if (unknown.length) {
  console.error(`unknown step(s): ${unknown.join(', ')}; steps are: ${ALL.join(' ')}`);
  process.exit(2);
}
const steps = asked.length ? ALL.filter((s) => asked.includes(s)) : ALL;

const reports = mkdtempSync(join(tmpdir(), 'wandb-explorer-test-'));
const vitest = (name, args) => ({
  name,
  cmd: 'npx',
  args: ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, `${name}.json`)}`],
  report: join(reports, `${name}.json`),
});

/** @type {Record<string, Array<{name: string, cmd?: string, args?: string[], env?: Record<string,string>, report?: string, background?: boolean}>>} */
const plan = {
  typecheck: [{ name: 'typecheck', cmd: 'npx', args: ['tsc', '-p', '.', '--noEmit'] }],
  lint: [{ name: 'lint', cmd: 'npx', args: ['eslint', 'src', 'test', 'bench', 'scripts'] }],
  build: [{ name: 'build', cmd: 'node', args: ['scripts/build.mjs'] }],
  unit: [vitest('unit', ['--project', 'unit'])],
  integration: [vitest('integration', ['--project', 'integration'])],
  e2e: [
    { name: 'e2e setup', background: true },
    { name: 'package', cmd: 'npm', args: ['run', '--silent', 'package'] },
    { ...vitest('e2e', ['--config', 'test/e2e/vitest.config.mts']), env: { E2E_SKIP_PACKAGE: '1' } },
  ],
};

// The e2e tools install (apt, code-server: a minute or two on a new machine) mostly waits on the
// network and on compiling native modules; it runs in the background while the other steps run.
let setupJob;
if (steps.includes('e2e')) {
  mkdirSync('dist-vsix', { recursive: true }); // `vsce package --out dist-vsix/...` does not create it
  const logFile = join(reports, 'setup-e2e.log');
  const child = spawn('node', ['scripts/setup-e2e.mjs'], { stdio: ['ignore', openSync(logFile, 'w'), openSync(logFile, 'a')] });
  const t0 = Date.now();
  setupJob = new Promise((res) => {
    child.on('exit', (code, signal) => res({ status: code, signal, seconds: (Date.now() - t0) / 1000, logFile }));
    child.on('error', (err) => res({ status: 1, signal: String(err), seconds: (Date.now() - t0) / 1000, logFile }));
  });
}

const results = [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const step of steps) {
  for (const s of plan[step]) {
    // A tier whose setup failed cannot run: say so instead of adding a second, confusing failure.
    if (step === 'e2e' && s.report && results.some((r) => r.step === 'e2e' && !r.ok)) {
      results.push({ step, name: s.name, ok: false, seconds: 0, note: 'not run: setup failed' });
      continue;
    }
    if (s.background) {
      console.log(`\n━━ ${s.name} ━━ node scripts/setup-e2e.mjs (started in the background with the first step)`);
      const r = await setupJob;
      const out = readFileSync(r.logFile, 'utf8');
      process.stdout.write(out);
      // Its own clock: this process only sees the exit once the step before it has finished.
      const own = /\] ok in ([\d.]+) s/.exec(out);
      const seconds = own ? Number(own[1]) : r.seconds;
      results.push({ step, name: s.name, ok: r.status === 0, seconds, note: r.status === 0 ? 'ran in the background' : `exit ${r.status ?? r.signal}` });
      continue;
    }
    console.log(`\n━━ ${s.name} ━━ ${s.cmd} ${s.args.join(' ')}`);
    const t0 = Date.now();
    const r = spawnSync(s.cmd, s.args, { stdio: 'inherit', env: { ...process.env, ...s.env } });
    const seconds = (Date.now() - t0) / 1000;
    let note = '';
    if (s.report && existsSync(s.report)) {
      try {
        const j = JSON.parse(readFileSync(s.report, 'utf8'));
        passed += j.numPassedTests ?? 0;
        failed += j.numFailedTests ?? 0;
        skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
        note = `${j.numPassedTests} passed, ${j.numFailedTests} failed`;
        if (j.numTotalTests === 0) note = 'ran no test';
      } catch {
        note = 'no readable report';
      }
    }
    results.push({ step, name: s.name, ok: r.status === 0, seconds, note: note || (r.status === 0 ? '' : `exit ${r.status ?? r.signal}`) });
  }
}
rmSync(reports, { recursive: true, force: true });

console.log('\n━━ summary ━━');
for (const r of results) {
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(12)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.note}`);
}
const bad = results.filter((r) => !r.ok);
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (bad.length) {
  console.log(`failed steps: ${bad.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
