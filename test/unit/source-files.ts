import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Every `.ts` file under `dir`, for tests that check what the sources spell. */
export function typeScriptFilesUnder(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk(dir);
  return files;
}
