import type http from 'node:http';

const HEARTBEAT_MS = 15_000;

/** A server-sent events response: `send(event, data)` writes one event; a comment every 15 s keeps it open. */
export class EventStream {
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly response: http.ServerResponse,
    headers: Record<string, string>,
  ) {
    response.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    response.write(': signdesk\n\n');
    this.heartbeat = setInterval(() => this.response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    response.on('close', () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(event: string, data: unknown): void {
    if (!this.closed) this.response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.response.end();
  }
}
