import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import { WandbError } from '../api/errors';
import { fetchBytes, resolveRemoteFile, type RemoteFileInfo } from '../api/download/remote-file';
import { ownerLabel, parseRemotePath, remotePath, SCHEME, type RemoteFile } from './uris';

/** Hard cap of what the preview holds in memory, whatever the user confirms. */
const MAX_PREVIEW_BYTES = 512 * 1024 * 1024;
const INFO_TTL_MS = 60_000;

/**
 * Read-only files on the `wandb-explorer:` scheme: run files and artifact files opened in a
 * normal editor tab (text, JSON, YAML, images in VS Code's image preview) without downloading
 * them into the workspace. Writes are refused.
 */
export class RemoteFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly infos = new Map<string, { at: number; info: Promise<RemoteFileInfo> }>();
  private readonly contents = new Map<string, { at: number; bytes: Uint8Array }>();

  constructor(
    private readonly session: Session,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  static uriFor(f: RemoteFile): vscode.Uri {
    return vscode.Uri.from({ scheme: SCHEME, path: remotePath(f) });
  }

  static describe(uri: vscode.Uri): string | undefined {
    const f = parseRemotePath(uri.path);
    return f && ownerLabel(f);
  }

  /** Forgets cached answers (after Refresh or sign-in). */
  clear(): void {
    this.infos.clear();
    this.contents.clear();
  }

  private target(uri: vscode.Uri): RemoteFile {
    const f = parseRemotePath(uri.path);
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return f;
  }

  private info(uri: vscode.Uri): Promise<RemoteFileInfo> {
    const key = uri.toString();
    const hit = this.infos.get(key);
    if (hit && Date.now() - hit.at < INFO_TTL_MS) return hit.info;
    const f = this.target(uri);
    const info = resolveRemoteFile(this.session.requireApi(), f);
    info.catch(() => this.infos.delete(key));
    this.infos.set(key, { at: Date.now(), info });
    return info;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    try {
      const info = await this.info(uri);
      const mtime = info.updatedAt?.getTime() ?? 0;
      return { type: vscode.FileType.File, ctime: mtime, mtime, size: info.size, permissions: vscode.FilePermission.Readonly };
    } catch (e) {
      throw toFsError(e, uri);
    }
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const key = uri.toString();
    const cached = this.contents.get(key);
    if (cached && Date.now() - cached.at < INFO_TTL_MS) return cached.bytes;
    try {
      const info = await this.info(uri);
      const api = this.session.requireApi();
      const started = Date.now();
      const bytes = await fetchBytes(api.client, info, { maxBytes: MAX_PREVIEW_BYTES });
      this.log.info(`preview ${ownerLabel(this.target(uri))}/${info.name}: ${bytes.byteLength} bytes in ${Date.now() - started} ms`);
      // Keep small files for re-opening; large ones are fetched again when needed.
      if (bytes.byteLength <= 8 * 1024 * 1024) this.contents.set(key, { at: Date.now(), bytes });
      else this.contents.delete(key);
      return bytes;
    } catch (e) {
      throw toFsError(e, uri);
    }
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

function toFsError(e: unknown, uri: vscode.Uri): Error {
  if (e instanceof vscode.FileSystemError) return e;
  if (e instanceof WandbError) {
    if (e.kind === 'notFound') return vscode.FileSystemError.FileNotFound(e.message);
    if (e.kind === 'auth' || e.kind === 'forbidden') return vscode.FileSystemError.NoPermissions(e.message);
    if (e.kind === 'network' || e.kind === 'server' || e.kind === 'rateLimited') return vscode.FileSystemError.Unavailable(e.message);
    return new vscode.FileSystemError(e.message);
  }
  return vscode.FileSystemError.Unavailable(`${uri.path}: ${e instanceof Error ? e.message : String(e)}`);
}
