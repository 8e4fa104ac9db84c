/**
 * A hand-written HTTP/1.1 GET client over plain sockets, for one floor figure only: what Node
 * costs per request once node:http's machinery (request and response objects, streams, agent
 * bookkeeping, header objects) is gone. Keep-alive sockets per origin, one request at a time on
 * each, every answer read by its Content-Length.
 *
 * Not a client the extension could ship: no TLS, no proxy (VS Code routes node:http through the
 * user's proxy and certificate settings; a socket of our own would bypass both), no redirects,
 * no chunked bodies (refused), loopback only.
 */
import * as net from 'node:net';

export interface RawGetClient {
  /** The body of a 200 answer to GET `url`, in the chunks it arrived in. */
  get(url: string, headers?: Record<string, string>): Promise<Buffer[]>;
  /** Ends every socket. */
  close(): void;
}

/** The request being answered on one socket. */
interface Pending {
  resolve(parts: Buffer[]): void;
  reject(e: Error): void;
  parts: Buffer[];
  /** Body bytes still to come; -1 while the head is still being read. */
  left: number;
  /** Head bytes read so far (a head split over reads). */
  head: Buffer | null;
  /** The server asked to close the socket after this answer. */
  closeAfter: boolean;
}

/** One keep-alive connection. */
interface Conn {
  socket: net.Socket;
  pending: Pending | null;
}

const HEAD_END = Buffer.from('\r\n\r\n');
/** Longest head accepted: a misbehaving server must not grow it without bound. */
const MAX_HEAD = 64 * 1024;

export function rawGetClient(): RawGetClient {
  const idle = new Map<string, Conn[]>();
  const all = new Set<Conn>();

  const fail = (conn: Conn, e: Error) => {
    const p = conn.pending;
    conn.pending = null;
    all.delete(conn);
    conn.socket.destroy();
    p?.reject(e);
  };

  const onData = (conn: Conn, origin: string, chunk: Buffer) => {
    const p = conn.pending;
    if (!p) return fail(conn, new Error('raw GET: bytes with no request in flight'));
    let rest = chunk;
    if (p.left < 0) {
      const head = p.head ? Buffer.concat([p.head, rest]) : rest;
      const end = head.indexOf(HEAD_END);
      if (end < 0) {
        if (head.length > MAX_HEAD) return fail(conn, new Error('raw GET: head too long'));
        p.head = head;
        return;
      }
      const text = head.toString('latin1', 0, end);
      if (!text.startsWith('HTTP/1.1 200 ')) return fail(conn, new Error(`raw GET: ${text.slice(0, text.indexOf('\r\n'))}`));
      const lower = text.toLowerCase();
      if (lower.includes('\r\ntransfer-encoding:')) return fail(conn, new Error('raw GET: chunked bodies are not read here'));
      const length = /\r\ncontent-length: *(\d+)/.exec(lower);
      if (!length) return fail(conn, new Error('raw GET: no Content-Length'));
      p.left = Number(length[1]);
      p.closeAfter = lower.includes('\r\nconnection: close');
      p.head = null;
      rest = head.subarray(end + HEAD_END.length);
    }
    if (rest.length > p.left) return fail(conn, new Error('raw GET: more bytes than Content-Length'));
    if (rest.length) p.parts.push(rest);
    p.left -= rest.length;
    if (p.left > 0) return;
    conn.pending = null;
    if (p.closeAfter) {
      all.delete(conn);
      conn.socket.end();
    } else {
      const free = idle.get(origin);
      if (free) free.push(conn);
      else idle.set(origin, [conn]);
    }
    p.resolve(p.parts);
  };

  const connect = (u: URL): Conn => {
    const socket = net.connect(Number(u.port || 80), u.hostname);
    socket.setNoDelay(true);
    const conn: Conn = { socket, pending: null };
    all.add(conn);
    socket.on('data', (chunk: Buffer) => onData(conn, u.origin, chunk));
    socket.on('error', (e) => fail(conn, e));
    socket.on('close', () => {
      if (conn.pending) fail(conn, new Error('raw GET: connection closed before the body ended'));
      all.delete(conn);
      const free = idle.get(u.origin);
      const at = free?.indexOf(conn) ?? -1;
      if (at >= 0) free!.splice(at, 1);
    });
    return conn;
  };

  return {
    get(url, headers = {}) {
      const u = new URL(url);
      if (u.protocol !== 'http:' || u.hostname !== '127.0.0.1') return Promise.reject(new Error(`raw GET: loopback http only, not ${u.origin}`));
      const conn = idle.get(u.origin)?.pop() ?? connect(u);
      return new Promise<Buffer[]>((resolve, reject) => {
        conn.pending = { resolve, reject, parts: [], left: -1, head: null, closeAfter: false };
        let text = `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\n`;
        for (const [k, v] of Object.entries(headers)) text += `${k}: ${v}\r\n`;
        conn.socket.write(text + '\r\n', 'latin1');
      });
    },
    close() {
      for (const conn of all) conn.socket.destroy();
      all.clear();
      idle.clear();
    },
  };
}
