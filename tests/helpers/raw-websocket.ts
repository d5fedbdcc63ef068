import { randomBytes } from 'node:crypto';
import net from 'node:net';

/**
 * A WebSocket client written by hand over a TCP socket, to send what a well-behaved library never would
 * (unmasked frames, lying lengths) and to read the server's close frame.
 */
export interface RawWebSocket {
  /** Writes raw bytes (a frame built by `frame`). */
  write(bytes: Buffer): void;
  /** The server's close frame: its code and reason (null when the connection ended without one). */
  closed(): Promise<{ code: number; reason: string } | null>;
  destroy(): void;
}

/** One frame; `mask: false` makes a frame a client must never send. `declaredLength` may lie about the payload. */
export function frame(payload: Buffer, options: { opcode?: number; mask?: boolean; declaredLength?: number } = {}): Buffer {
  const length = options.declaredLength ?? payload.length;
  const mask = options.mask ?? true;
  const head: number[] = [0x80 | (options.opcode ?? 0x1)];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) head.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    head.push(maskBit | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(...big);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, index) => byte ^ key[index % 4]!));
  return Buffer.concat([Buffer.from(head), key, masked]);
}

export async function openRawWebSocket(pageUrl: string, options: { origin?: string; host?: string } = {}): Promise<RawWebSocket> {
  const page = new URL(pageUrl);
  const socket = net.connect(Number(page.port), page.hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    [
      `GET /ws?session=${page.searchParams.get('session')} HTTP/1.1`,
      `Host: ${options.host ?? page.host}`,
      `Origin: ${options.origin ?? page.origin}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  let resolveClose!: (value: { code: number; reason: string } | null) => void;
  const close = new Promise<{ code: number; reason: string } | null>((resolve) => (resolveClose = resolve));
  const opened = new Promise<void>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const status = buffer.subarray(0, end).toString().split('\r\n')[0]!;
        if (!status.includes(' 101 ')) return reject(new Error(`not upgraded: ${status}`));
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        resolve();
      }
      // Server frames are unmasked; read every complete one, keep the close frame.
      for (;;) {
        if (buffer.length < 2) return;
        let length = buffer[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const opcode = buffer[0]! & 0x0f;
        const payload = buffer.subarray(offset, offset + length);
        buffer = buffer.subarray(offset + length);
        if (opcode === 0x8) resolveClose({ code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005, reason: payload.subarray(2).toString('utf8') });
      }
    });
    socket.once('close', () => {
      resolveClose(null);
      reject(new Error('closed before the upgrade'));
    });
    socket.on('error', () => undefined);
  });
  await opened;
  return {
    write: (bytes) => void socket.write(bytes),
    closed: () => close,
    destroy: () => socket.destroy(),
  };
}
