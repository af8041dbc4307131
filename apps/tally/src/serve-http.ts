// The HTTP edges of `tally serve`: JSON responses (each counted in the metrics), and the connections answered
// before a request reaches the handler (CONNECT; requests unparsable, with headers too large, or too slow).
import { type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Metrics } from './metrics.js';

/** Sends a JSON response, counted by status code (and as a POST /verify answer when it is one). */
export function reply(
  metrics: Metrics,
  res: ServerResponse,
  code: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  metrics.request(code, res.req.method === 'POST' && res.req.url?.split('?')[0] === '/verify');
  if (res.destroyed) return;
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Sends `{"error": message}` with this status. */
export function replyError(
  metrics: Metrics,
  res: ServerResponse,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  reply(metrics, res, code, JSON.stringify({ error: message }), headers);
}

/** CONNECT is no request this service takes (unanswered, Node would just drop the connection). */
export function refuseConnect(metrics: Metrics, socket: Socket): void {
  metrics.request(405);
  const text = JSON.stringify({ error: 'CONNECT is not served' });
  socket.on('error', () => undefined);
  socket.end(
    `HTTP/1.1 405 Method Not Allowed\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${text.length}\r\n\r\n${text}`,
  );
}

/** Requests that never reached the handler: unparsable, headers too large, too slow (Node's timeouts). */
export function answerClientError(metrics: Metrics, err: NodeJS.ErrnoException, socket: Socket): void {
  const code =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_HEADERS_TIMEOUT'
        ? 408
        : 400;
  const answered = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (err.code !== 'ECONNRESET' && socket.writable && answered !== true) {
    metrics.clientError(code);
    const text = JSON.stringify({
      error: code === 431 ? 'headers too large' : code === 408 ? 'request timeout' : 'bad request',
    });
    socket.end(
      `HTTP/1.1 ${code} ${STATUS_CODES[code]}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
  }
  socket.destroySoon();
}
