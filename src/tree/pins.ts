/**
 * Pinned projects and runs, kept per W&B host in a Memento (VS Code's `globalState`), so they
 * survive restarts and do not leak between servers. Pure apart from the Memento.
 */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export type Pin =
  | { kind: 'project'; entity: string; project: string }
  | { kind: 'run'; entity: string; project: string; runId: string; displayName?: string };

const KEY = 'wandbExplorer.pins';

export function pinKey(p: Pin): string {
  return p.kind === 'project' ? `project:${p.entity}/${p.project}` : `run:${p.entity}/${p.project}/${p.runId}`;
}

export class PinStore {
  constructor(private readonly memento: MementoLike) {}

  list(host: string): Pin[] {
    const all = this.memento.get<Record<string, Pin[]>>(KEY) ?? {};
    return Array.isArray(all[host]) ? all[host]! : [];
  }

  has(host: string, p: Pin): boolean {
    const k = pinKey(p);
    return this.list(host).some((x) => pinKey(x) === k);
  }

  async add(host: string, p: Pin): Promise<void> {
    if (this.has(host, p)) return;
    await this.write(host, [...this.list(host), p]);
  }

  async remove(host: string, p: Pin): Promise<void> {
    const k = pinKey(p);
    await this.write(host, this.list(host).filter((x) => pinKey(x) !== k));
  }

  private async write(host: string, pins: Pin[]): Promise<void> {
    const all = { ...(this.memento.get<Record<string, Pin[]>>(KEY) ?? {}) };
    if (pins.length) all[host] = pins;
    else delete all[host];
    await this.memento.update(KEY, all);
  }
}
