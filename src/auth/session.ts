import * as vscode from 'vscode';
import { WandbClient } from '../api/client';
import { WandbApi } from '../api/wandb-api';
import { WandbError } from '../api/errors';
import { appUrlFor } from '../api/urls';
import { secretKeyFor, type ApiKeySource } from '../api/credentials';
import type { Viewer } from '../api/model/entities';
import { findApiKey, findBaseUrl } from './credential-sources';
import { SETTINGS, STATE_CONTEXT_KEY } from '../ids';

/** What the side bar shows: drives the `wandbExplorer.state` context key and welcome views. */
export type SessionState =
  | { kind: 'connecting'; baseUrl?: string }
  | { kind: 'signedOut'; baseUrl: string }
  | { kind: 'signedIn'; baseUrl: string; appUrl: string; viewer: Viewer; keySource: ApiKeySource; api: WandbApi }
  | { kind: 'error'; baseUrl: string; error: WandbError; keySource: ApiKeySource };

const AMBIENT_OFF = 'wandbExplorer.ambientKeysOff';

/**
 * The connection to one W&B server: finds the base URL and key, checks the key with a viewer
 * query, and tells listeners when any of that changes. The only holder of the API key.
 */
export class Session implements vscode.Disposable {
  private _state: SessionState = { kind: 'connecting' };
  private readonly emitter = new vscode.EventEmitter<SessionState>();
  readonly onDidChange = this.emitter.event;
  private generation = 0;
  /** The key in use, to tell our own secret writes from another window's. */
  private currentKey: string | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly userAgent: string,
  ) {}

  get state(): SessionState {
    return this._state;
  }

  /** The API of the signed-in session; throws a clear error otherwise (for commands). */
  requireApi(): WandbApi {
    if (this._state.kind === 'signedIn') return this._state.api;
    throw new WandbError('auth', 'Not signed in to W&B. Run "W&B: Sign In" first.');
  }

  makeApi(baseUrl: string, apiKey: string): WandbApi {
    const cfg = vscode.workspace.getConfiguration(SETTINGS);
    const timeoutMs = Math.max(1, cfg.get<number>('requestTimeoutSeconds') ?? 30) * 1000;
    const client = new WandbClient({
      baseUrl,
      apiKey,
      userAgent: this.userAgent,
      timeoutMs,
      logger: { debug: (m) => this.log.debug(m), info: (m) => this.log.info(m), warn: (m) => this.log.warn(m), error: (m) => this.log.error(m) },
    });
    return new WandbApi(client);
  }

  /**
   * Would `reload` find a key now? Reads settings, environment and secrets without changing the
   * state (no "connecting" flicker in the view), for quiet re-checks while signed out.
   */
  async keyWouldBeFound(): Promise<{ baseUrl: string; found: boolean }> {
    const baseUrl = (await findBaseUrl()).value;
    const ambient = !(this.context.globalState.get<string[]>(AMBIENT_OFF) ?? []).includes(baseUrl);
    return { baseUrl, found: (await findApiKey(this.context.secrets, baseUrl, ambient)) !== undefined };
  }

  /** Re-reads settings, environment and secrets, then checks the key. Safe to call any time. */
  async reload(): Promise<void> {
    const gen = ++this.generation;
    const baseUrl = (await findBaseUrl()).value;
    this.set({ kind: 'connecting', baseUrl }, gen);
    const ambient = !(this.context.globalState.get<string[]>(AMBIENT_OFF) ?? []).includes(baseUrl);
    const key = await findApiKey(this.context.secrets, baseUrl, ambient);
    if (!key) {
      this.currentKey = undefined;
      this.log.info(`no API key for ${baseUrl}: signed out`);
      this.set({ kind: 'signedOut', baseUrl }, gen);
      return;
    }
    const api = this.makeApi(baseUrl, key.value);
    this.currentKey = key.value;
    try {
      const viewer = await api.viewer();
      this.log.info(`signed in to ${api.client.host} as ${viewer.username} (key from ${key.source})`);
      this.set({ kind: 'signedIn', baseUrl, appUrl: appUrlFor(baseUrl, process.env.WANDB_APP_URL), viewer, keySource: key.source, api }, gen);
    } catch (e) {
      const error = e instanceof WandbError ? e : new WandbError('invalidResponse', String(e));
      this.log.error(`connecting to ${baseUrl} failed: ${error.message}`);
      this.set({ kind: 'error', baseUrl, error, keySource: key.source }, gen);
    }
  }

  /** Checks `apiKey` against the server; stores it only if the server accepts it. */
  async signIn(apiKey: string, signal?: AbortSignal): Promise<Viewer> {
    const baseUrl = (await findBaseUrl()).value;
    const api = this.makeApi(baseUrl, apiKey);
    const viewer = await api.viewer(signal);
    this.currentKey = apiKey;
    await this.context.secrets.store(secretKeyFor(baseUrl), apiKey);
    const off = (this.context.globalState.get<string[]>(AMBIENT_OFF) ?? []).filter((u) => u !== baseUrl);
    await this.context.globalState.update(AMBIENT_OFF, off);
    this.log.info(`signed in to ${api.client.host} as ${viewer.username} (key from secretStorage)`);
    this.set({ kind: 'signedIn', baseUrl, appUrl: appUrlFor(baseUrl, process.env.WANDB_APP_URL), viewer, keySource: 'secretStorage', api }, ++this.generation);
    return viewer;
  }

  /** A stored key changed (maybe in another window): reload unless it is the key in use. */
  async onSecretChanged(secretName: string): Promise<void> {
    if (!secretName.startsWith('wandbExplorer.apiKey:')) return;
    const stored = await this.context.secrets.get(secretName);
    if (stored !== undefined && stored === this.currentKey) return;
    await this.reload();
  }

  /** Forgets the stored key and stops using WANDB_API_KEY / netrc for this server until the next sign-in. */
  async signOut(): Promise<void> {
    const baseUrl = (await findBaseUrl()).value;
    await this.context.secrets.delete(secretKeyFor(baseUrl));
    const off = new Set(this.context.globalState.get<string[]>(AMBIENT_OFF) ?? []);
    off.add(baseUrl);
    await this.context.globalState.update(AMBIENT_OFF, [...off]);
    this.log.info(`signed out of ${baseUrl}`);
    await this.reload();
  }

  private set(state: SessionState, gen: number): void {
    if (gen !== this.generation) return; // a newer reload started; drop this stale result
    this._state = state;
    void vscode.commands.executeCommand('setContext', STATE_CONTEXT_KEY, state.kind);
    this.emitter.fire(state);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
