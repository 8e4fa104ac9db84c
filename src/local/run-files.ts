import { lstat, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseYaml } from '../text/yaml';
import { parseWandbJson } from '../api/model/json';
import type { HistoryRow } from '../api/model/history';
import { decodeConfig, decodeJsonObject, type ConfigEntry, type WandbValue } from '../api/model/values';
import type { LocalFile } from './local-run';

/** The plain files a run folder keeps beside (or, for SDK 0.8, instead of) the `.wandb` log. */

/** A file's text, or undefined when it is missing or unreadable. */
export async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** `config.yaml` in any SDK's dialect (`{key: {desc, value}}`, `{key: {value}}`) as config entries. */
export function decodeConfigYaml(text: string): Record<string, ConfigEntry> {
  const raw = parseYaml(text) as unknown;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const obj = { ...(raw as Record<string, unknown>) };
  delete obj.wandb_version;
  return decodeConfig(obj);
}

/** `wandb-summary.json` (bare NaN/Infinity allowed). */
export function decodeSummaryJson(text: string): Record<string, WandbValue> {
  return decodeJsonObject(text.trim() === '' ? '{}' : text);
}

/** A `.jsonl` file (0.8 history and events): one row per non-empty line; broken lines are counted. */
export function decodeJsonLines(text: string): { rows: HistoryRow[]; badLines: number } {
  const rows: HistoryRow[] = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const v = parseWandbJson(line);
      if (v && typeof v === 'object' && !Array.isArray(v)) rows.push(v as HistoryRow);
      else badLines++;
    } catch {
      badLines++; // a line cut short by a kill is expected at the end
    }
  }
  return { rows, badLines };
}

/** Lists the files under `dir` (relative names, `/`-separated), without following symlinked folders. */
export async function listFiles(dir: string, limit = 10_000): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  const walk = async (abs: string, rel: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(abs);
    } catch {
      return;
    }
    names.sort();
    for (const name of names) {
      if (out.length >= limit) return;
      const path = join(abs, name);
      const relName = rel ? `${rel}/${name}` : name;
      const l = await lstat(path).catch(() => undefined);
      if (!l) continue;
      if (l.isDirectory()) {
        await walk(path, relName);
      } else if (l.isSymbolicLink()) {
        const target = await stat(path).catch(() => undefined);
        if (!target) out.push({ name: relName, sizeBytes: 0, dangling: true });
        else if (target.isFile()) out.push({ name: relName, sizeBytes: target.size, updatedAt: target.mtime });
      } else if (l.isFile()) {
        out.push({ name: relName, sizeBytes: l.size, updatedAt: l.mtime });
      }
    }
  };
  await walk(dir, '');
  return out;
}

/** Latest modification time (epoch ms) among the paths that exist. */
export async function latestMtime(paths: readonly string[]): Promise<number | undefined> {
  let latest: number | undefined;
  for (const p of paths) {
    const st = await lstat(p).catch(() => undefined);
    if (st && (latest === undefined || st.mtimeMs > latest)) latest = st.mtimeMs;
  }
  return latest;
}
