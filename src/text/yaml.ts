// The `yaml` library is ~115 KB minified, and only local run folders (config.yaml) and sweep
// configs need it. The production build ships it as its own file, dist/yaml.js (see
// scripts/build.mjs), and this accessor loads it on first use, so activation never pays for it.
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/** The `yaml` module, loaded on first call. */
export function yamlLibrary(): typeof Yaml {
  // A plain `require` inside a function keeps the load lazy in the CommonJS bundle; esbuild maps
  // the specifier to ./yaml.js next to extension.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('yaml') as typeof Yaml;
  return loaded;
}

/** YAML text as a plain value (throws the library's error on malformed text). */
export function parseYaml(text: string): unknown {
  return yamlLibrary().parse(text) as unknown;
}
