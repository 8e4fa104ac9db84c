#!/usr/bin/env node
// Keeps the machine's cores busy for a bounded time, to check that the e2e stories hold on a
// loaded machine (CI runners and shared boxes are rarely idle). Local only: worker threads that
// spin on arithmetic, no files, no network. Stops by itself after the duration, on Ctrl+C, and
// when the command it runs (if any) exits.
//
//   node scripts/cpu-load.mjs --seconds 600                      # busy both cores for 10 minutes
//   node scripts/cpu-load.mjs --workers 2 --seconds 1200 -- npm run test:e2e
//
// --workers N   spinning threads (default: one per core, os.availableParallelism())
// --duty P      percent of each 100 ms slice a worker spins (default 100)
// --seconds S   stop after S seconds (default 600, at most 3600)
// -- CMD ARGS   run CMD while the load is on; exit with its status, stop the load when it ends
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const MAX_SECONDS = 3600;

if (!isMainThread) {
  // A worker: spin for duty% of each 100 ms slice until told to stop or the deadline passes.
  const { duty, until } = workerData;
  let stop = false;
  parentPort.on('message', (m) => {
    if (m === 'stop') stop = true;
  });
  let sink = 0;
  const slice = () => {
    const start = Date.now();
    while (!stop && Date.now() - start < duty) for (let i = 0; i < 10_000; i++) sink += Math.sqrt(i * sink + 1);
    if (stop || Date.now() >= until) {
      parentPort.postMessage({ done: true, sink: sink > 0 });
      return;
    }
    // Yield so the stop message can arrive; rest for the remainder of the slice.
    setTimeout(slice, Math.max(0, 100 - duty));
  };
  slice();
} else {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const own = dash >= 0 ? argv.slice(0, dash) : argv;
  const command = dash >= 0 ? argv.slice(dash + 1) : [];
  const opt = (name, fallback) => {
    const i = own.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const v = Number(own[i + 1]);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
    return v;
  };
  const workers = Math.round(opt('workers', availableParallelism()));
  const duty = Math.min(100, Math.round(opt('duty', 100)));
  const seconds = Math.min(MAX_SECONDS, opt('seconds', 600));
  const until = Date.now() + seconds * 1000;
  const log = (m) => process.stderr.write(`[cpu-load] ${m}\n`);
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

  log(`${workers} worker(s) at ${duty}% for at most ${seconds} s; load average ${load()}`);
  const threads = Array.from({ length: workers }, () => new Worker(new URL(import.meta.url), { workerData: { duty, until } }));
  let running = threads.length;
  const samples = [];
  const sampler = setInterval(() => samples.push(loadavg()[0]), 5_000);
  const finished = new Promise((resolve) => {
    for (const t of threads) t.once('exit', () => --running === 0 && resolve());
  });
  const stopAll = () => {
    for (const t of threads) t.postMessage('stop');
  };
  const report = () => {
    clearInterval(sampler);
    const mean = samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : loadavg()[0];
    const max = samples.length ? Math.max(...samples) : loadavg()[0];
    log(`stopped; 1-minute load average: mean ${mean.toFixed(2)}, max ${max.toFixed(2)} over ${samples.length} samples; now ${load()}`);
  };
  for (const t of threads) t.on('message', () => t.terminate());

  let child;
  const onSignal = (sig) => {
    stopAll();
    child?.kill(sig);
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));

  if (command.length === 0) {
    await finished;
    report();
  } else {
    log(`running: ${command.join(' ')}`);
    child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
    const code = await new Promise((resolve) => child.once('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))));
    stopAll();
    await finished;
    report();
    if (Date.now() >= until) log(`note: the load ended (after ${seconds} s) before the command did`);
    process.exitCode = code;
  }
}
