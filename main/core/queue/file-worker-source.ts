/**
 * The file worker (hash a file; write + fsync a temp file), as source text: `new Worker(source, { eval: true })` works the same under Vitest (TS)
 * and in the bundled CLI and app, without a separate build entry. It receives chunks of files, reads each
 * with one reused 1 MiB buffer (bounded memory whatever the file size) and answers with the digests.
 */
export const FILE_WORKER_SOURCE = String.raw`
const fs = require('node:fs');
const crypto = require('node:crypto');
const { parentPort } = require('node:worker_threads');
const CHUNK = 1 << 20;
const buffer = Buffer.allocUnsafe(CHUNK);

function codeFor(error) {
  if (error && error.code === 'ENOENT') return 'ERR_FILE_NOT_FOUND';
  return 'ERR_FILE_UNREADABLE';
}

function hashOne(task) {
  let fd;
  try {
    fd = fs.openSync(task.path, 'r');
    const before = fs.fstatSync(fd);
    if (!before.isFile()) return { ok: false, code: 'ERR_FILE_UNREADABLE', message: task.path + ' is not a regular file' };
    const hash = crypto.createHash(task.hash);
    const content = task.wantContent ? Buffer.allocUnsafe(before.size) : null;
    let total = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      const slice = buffer.subarray(0, read);
      hash.update(slice);
      if (content) {
        if (total + read > content.length) return { ok: false, code: 'ERR_FILE_UNREADABLE', message: task.path + ' changed while it was read' };
        slice.copy(content, total);
      }
      total += read;
    }
    const after = fs.fstatSync(fd);
    if (total !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      return { ok: false, code: 'ERR_FILE_UNREADABLE', message: task.path + ' changed while it was read' };
    }
    const digest = hash.digest();
    return { ok: true, digest: new Uint8Array(digest.buffer, digest.byteOffset, digest.length), size: total, mtimeMs: Math.trunc(before.mtimeMs), content: content ? new Uint8Array(content.buffer, content.byteOffset, content.length) : null };
  } catch (error) {
    return { ok: false, code: codeFor(error), message: 'Cannot read ' + task.path + ': ' + (error && error.code ? error.code : String(error)) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function writeTemp(task) {
  let fd;
  try {
    fd = fs.openSync(task.path, 'w', 0o644);
    let offset = 0;
    while (offset < task.bytes.length) offset += fs.writeSync(fd, task.bytes, offset, task.bytes.length - offset);
    fs.fsyncSync(fd);
    return { ok: true };
  } catch (error) {
    try { if (fd !== undefined) { fs.closeSync(fd); fd = undefined; } fs.rmSync(task.path, { force: true }); } catch {}
    return { ok: false, code: 'ERR_FILE_UNREADABLE', message: 'Cannot write ' + task.path + ': ' + (error && error.code ? error.code : String(error)) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

parentPort.on('message', (message) => {
  const results = message.tasks.map(message.kind === 'write' ? writeTemp : hashOne);
  const transfer = [];
  for (const result of results) if (result.ok && result.content) transfer.push(result.content.buffer);
  parentPort.postMessage({ id: message.id, results }, transfer);
});
`;
