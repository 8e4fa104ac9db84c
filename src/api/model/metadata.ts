/**
 * What `wandb-metadata.json` (written by the SDK at the start of a run) tells about how it
 * started and where: the program and its arguments, the git remote and commit, the interpreter,
 * the machine. Decoded once here; the header, the Overview and the code commands read this.
 */
import { commandLine } from '../../text/shell-words';

export interface RunMetadata {
  /** The command line as a POSIX shell would take it (`python train.py --lr 0.1`). */
  command?: string;
  /** As started: a script path, or `-m package.module` (the SDK writes both forms). */
  program?: string;
  /** The script relative to the git repository's root (`codePath`), when the SDK knew it. */
  codePath?: string;
  args?: string[];
  remote?: string;
  commit?: string;
  /** The interpreter's version (`3.11.9`, or `CPython 3.11.9` from newer SDKs). */
  python?: string;
  /** The interpreter's path on the machine that ran it. */
  executable?: string;
  host?: string;
  os?: string;
  gpu?: string;
  gpuCount?: number;
  cpuCount?: number;
  cpuCountLogical?: number;
  /** ISO time the run started (as written; the SDK omits the zone on older versions). */
  startedAt?: string;
  /** Only the 0.8-era SDK wrote the exit code here; newer runs carry it on the run itself. */
  exitCode?: number;
}


/** Decodes the file's text; anything unreadable gives an empty record (the header just shows less). */
export function decodeMetadata(text: string): RunMetadata {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const m = raw as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const out: RunMetadata = {};
  const set = <K extends keyof RunMetadata>(k: K, v: RunMetadata[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  const program = s(m.program) ?? s(m.codePath);
  const args = Array.isArray(m.args) ? m.args.filter((a): a is string => typeof a === 'string') : [];
  if (program) {
    out.command = commandLine(['python', ...programWords(program), ...args]);
    out.program = program;
    out.args = args;
  }
  set('codePath', s(m.codePath));
  const git = m.git && typeof m.git === 'object' ? (m.git as Record<string, unknown>) : {};
  set('remote', s(git.remote));
  set('commit', s(git.commit));
  set('python', s(m.python));
  set('executable', s(m.executable));
  set('host', s(m.host));
  set('os', s(m.os));
  set('gpu', s(m.gpu));
  set('gpuCount', n(m.gpu_count));
  set('cpuCount', n(m.cpu_count));
  set('cpuCountLogical', n(m.cpu_count_logical));
  set('startedAt', s(m.startedAt));
  set('exitCode', n(m.exitcode));
  return out;
}

/** `-m pkg.mod` is two words on a command line; a script path (spaces and all) is one. */
export function programWords(program: string): string[] {
  const mod = /^-m\s+(\S+)$/.exec(program.trim());
  return mod ? ['-m', mod[1]!] : [program];
}
