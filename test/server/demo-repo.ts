/**
 * The git repository a demo run's `wandb-metadata.json` names (DEMO_CODE_RUN_ID): its files at
 * the commit the run ran and at the commit after it, the patch the run saved, and a builder
 * that makes the repository with `git` in a folder (the demo and e2e workspaces hold one).
 * Author, committer and dates are pinned, so the commit hashes are the same on every machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CODE_REMOTE } from './demo-names.js';

/** train.py at the run's commit. */
export const TRAIN_AT_RUN = `import argparse

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.001)
parser.add_argument("--epochs", type=int, default=3)
args = parser.parse_args()

model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
print(f"training for {args.epochs} epochs at lr={args.lr}")
`;

/** train.py one commit later (the branch moved on after the run). */
export const TRAIN_AFTER_RUN = TRAIN_AT_RUN.replace('nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)', 'nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 10)');

export const README_TEXT = '# digits-trainer\n\nA small MNIST classifier (demo data of W&B Explorer).\n';

/** What the run's working tree had on top of its commit (`diff.patch`). */
export const RUN_PATCH = `diff --git a/train.py b/train.py
index 0000000..1111111 100644
--- a/train.py
+++ b/train.py
@@ -7,5 +7,6 @@ parser = argparse.ArgumentParser()
 parser.add_argument("--lr", type=float, default=0.001)
 parser.add_argument("--epochs", type=int, default=3)
+parser.add_argument("--seed", type=int, default=0)
 args = parser.parse_args()
 
 model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
`;

/** train.py as the run saved it under `code/` (its commit plus the patch). */
export const TRAIN_AS_RUN = TRAIN_AT_RUN.replace('parser.add_argument("--epochs", type=int, default=3)\n', 'parser.add_argument("--epochs", type=int, default=3)\nparser.add_argument("--seed", type=int, default=0)\n');

const PINNED = {
  GIT_AUTHOR_NAME: 'Demo User',
  GIT_AUTHOR_EMAIL: 'demo-user@example.com',
  GIT_COMMITTER_NAME: 'Demo User',
  GIT_COMMITTER_EMAIL: 'demo-user@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

function git(dir: string, args: string[], date?: string): string {
  const env = { ...process.env, ...PINNED, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) };
  const r = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${dir}: ${r.stderr || r.error?.message}`);
  return r.stdout.trim();
}

/**
 * Makes the repository in `dir` (created if missing): the run's commit, then one more on
 * `main`, with `origin` set to the run's remote. Returns both commit hashes.
 */
export function createDemoRepo(dir: string): { runCommit: string; head: string } {
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q']);
  writeFileSync(join(dir, 'README.md'), README_TEXT);
  writeFileSync(join(dir, 'train.py'), TRAIN_AT_RUN);
  git(dir, ['add', 'README.md', 'train.py']);
  git(dir, ['commit', '-q', '-m', 'Train an MLP on MNIST'], '2025-03-01T10:00:00Z');
  const runCommit = git(dir, ['rev-parse', 'HEAD']);
  writeFileSync(join(dir, 'train.py'), TRAIN_AFTER_RUN);
  git(dir, ['commit', '-q', '-am', 'Wider hidden layer with dropout'], '2025-03-02T10:00:00Z');
  git(dir, ['remote', 'add', 'origin', DEMO_CODE_REMOTE]);
  return { runCommit, head: git(dir, ['rev-parse', 'HEAD']) };
}
