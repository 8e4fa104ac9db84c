/**
 * CLI: npm run dev-server -- [--port P] [--storage-port S] [--api-key KEY] [--data DIR | --demo]
 *                            [--ttl SECONDS] [--json] [--quiet]
 */
import { resolve } from 'node:path';
import { DEFAULT_API_KEY, startDevServer, type DevServerOptions } from './index.js';

const USAGE = `Usage: npm run dev-server -- [options]

  --port P            API port (default 0 = any free port)
  --storage-port S    storage (presigned URL) port (default 0 = any free port)
  --api-key KEY       API key to accept (default ${DEFAULT_API_KEY})
  --data DIR          serve a fixture directory, or plain W&B run folders (see test/server/README.md)
  --demo              serve the generated demo data (the default)
  --ttl SECONDS       lifetime of presigned storage URLs (default 3600)
  --json              print one JSON line {"baseUrl","storageUrl","apiKey"} on stdout
  --quiet             no log lines on stderr
  -h, --help          this help
`;

function fail(msg: string): never {
  process.stderr.write(`dev-server: ${msg}\n\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv: string[]): { options: DevServerOptions; json: boolean } {
  const options: DevServerOptions = {};
  let json = false;
  const num = (flag: string, v: string | undefined): number => {
    if (v === undefined || !/^\d+$/.test(v)) fail(`${flag} needs a non-negative integer`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        options.port = num(flag, value());
        break;
      case '--storage-port':
        options.storagePort = num(flag, value());
        break;
      case '--api-key': {
        const k = value();
        if (!k) fail('--api-key needs a value');
        options.apiKey = k;
        break;
      }
      case '--data': {
        const d = value();
        if (!d) fail('--data needs a directory');
        options.data = resolve(d);
        break;
      }
      case '--demo':
        options.demo = true;
        break;
      case '--ttl':
        options.directUrlTtlSeconds = num(flag, value());
        break;
      case '--json':
        json = true;
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '-h':
      case '--help':
        process.stdout.write(USAGE);
        process.exit(0);
        break;
      default:
        fail(`unknown option ${a}`);
    }
  }
  if (options.data && options.demo) fail('--data and --demo cannot be used together');
  return { options, json };
}

async function main(): Promise<void> {
  const { options, json } = parseArgs(process.argv.slice(2));
  if (json) options.quiet = options.quiet ?? true;
  const started = Date.now();
  const server = await startDevServer(options);
  if (json) {
    process.stdout.write(JSON.stringify({ baseUrl: server.baseUrl, storageUrl: server.storageUrl, apiKey: server.apiKey }) + '\n');
  } else {
    process.stdout.write(
      [
        `W&B dev server ready in ${Date.now() - started} ms (${options.data ? `data: ${options.data}` : 'demo data'})`,
        `  base URL:    ${server.baseUrl}`,
        `  storage URL: ${server.storageUrl}`,
        `  API key:     ${server.apiKey}`,
        ``,
        `  export WANDB_BASE_URL=${server.baseUrl}`,
        `  export WANDB_API_KEY=${server.apiKey}`,
        ``,
      ].join('\n'),
    );
  }

  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    if (!json) process.stderr.write(`dev-server: ${signal}, shutting down\n`);
    void server.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`dev-server: ${(e as Error).message ?? e}\n`);
  process.exit(1);
});
