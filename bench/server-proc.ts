/** Starts `server-child.ts` in its own Node process and talks to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerTiming } from './server-child';

export interface LoggedRequest {
  origin: 'api' | 'storage';
  method: string;
  path: string;
  operationName: string | null;
  status: number | null;
}

export interface BenchServer {
  baseUrl: string;
  storageUrl: string;
  apiKey: string;
  pid: number;
  /** Per-request server time since the last clear. */
  timings(clear?: boolean): Promise<ServerTiming[]>;
  /** The dev server's request log since the last clear. */
  requestLog(clear?: boolean): Promise<LoggedRequest[]>;
  memory(): Promise<NodeJS.MemoryUsage>;
  close(): Promise<void>;
}

export async function startBenchServer(): Promise<BenchServer> {
  const file = fileURLToPath(new URL('./server-child.ts', import.meta.url));
  const child: ChildProcess = fork(file, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, (v: unknown) => void>();
  const ready = new Promise<{ baseUrl: string; storageUrl: string; apiKey: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start in 60 s')), 60_000);
    child.on('message', (m: { ready?: { baseUrl: string; storageUrl: string; apiKey: string }; id?: number; body?: unknown }) => {
      if (m.ready) {
        clearTimeout(timer);
        resolve(m.ready);
      } else if (m.id !== undefined) {
        pending.get(m.id)?.(m.body);
        pending.delete(m.id);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench server exited with ${code}`));
      for (const p of pending.values()) p(undefined);
    });
  });
  const info = await ready;
  const call = <T>(msg: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (v: unknown) => void);
      child.send({ ...msg, id });
    });
  return {
    ...info,
    pid: child.pid!,
    timings: (clear = true) => call<ServerTiming[]>({ cmd: 'timings', clear }),
    requestLog: (clear = true) => call<LoggedRequest[]>({ cmd: 'requestLog', clear }),
    memory: () => call<NodeJS.MemoryUsage>({ cmd: 'memory' }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      await Promise.race([call({ cmd: 'close' }), new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
