/**
 * The file worker (hash a file; write + fsync a temp file; re-read and check a written signature), as source text: `new Worker(source, { eval: true })` works the same under Vitest (TS)
 * and in the bundled CLI and app, without a separate build entry. It receives chunks of files, reads each
 * with one reused 128 KiB buffer (a large file: two 512 KiB buffers, one read ahead while the other is hashed), so memory stays bounded whatever the file size, and answers with the digests.
 */
export const FILE_WORKER_SOURCE = String.raw`
const fs = require('node:fs');
const crypto = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');
// 128 KiB: the copy out of the page cache stays in the CPU cache for hashing (1 MiB reads measured ~30% slower).
const CHUNK = 128 << 10;
const buffer = Buffer.allocUnsafe(CHUNK);

function codeFor(error) {
  if (error && error.code === 'ENOENT') return 'ERR_FILE_NOT_FOUND';
  return 'ERR_FILE_UNREADABLE';
}

// Files from this size on are read by the thread pool one chunk ahead while this thread hashes the chunk before:
// the copy out of the page cache and the hashing run on two cores. Smaller files stay synchronous (no round trip).
const PIPELINE_FROM = 8 << 20;
const PIPELINE_CHUNK = 512 << 10;

function hashOne(task) {
  let fd;
  try {
    fd = fs.openSync(task.path, 'r');
    const before = fs.fstatSync(fd);
    if (!before.isFile()) return { ok: false, code: 'ERR_FILE_UNREADABLE', message: task.path + ' is not a regular file' };
    const hash = crypto.createHash(task.hash);
    const content = task.wantContent ? Buffer.allocUnsafe(before.size) : null;
    if (before.size >= PIPELINE_FROM) {
      // hashPipelined owns the descriptor from here and closes it.
      const handedOver = fd;
      fd = undefined;
      return hashPipelined(task, handedOver, before, hash, content);
    }
    let total = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      if (!take(buffer.subarray(0, read), hash, content, total)) return changed(task);
      total += read;
    }
    return finish(task, fd, before, hash, content, total);
  } catch (error) {
    return readFailure(task, error);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

async function hashPipelined(task, fd, before, hash, content) {
  const buffers = [Buffer.allocUnsafe(PIPELINE_CHUNK), Buffer.allocUnsafe(PIPELINE_CHUNK)];
  const readInto = (target) => new Promise((resolve, reject) => fs.read(fd, target, 0, target.length, null, (error, read) => (error ? reject(error) : resolve(read))));
  try {
    let current = 0;
    let next = readInto(buffers[current]);
    let total = 0;
    for (;;) {
      const read = await next;
      if (read === 0) break;
      const filled = buffers[current];
      current ^= 1;
      next = readInto(buffers[current]);
      if (!take(filled.subarray(0, read), hash, content, total)) {
        await next.catch(() => undefined);
        return changed(task);
      }
      total += read;
    }
    return finish(task, fd, before, hash, content, total);
  } catch (error) {
    return readFailure(task, error);
  } finally {
    fs.closeSync(fd);
  }
}

/** Hashes a chunk (and keeps it for an attached signature); false when the file grew past its size. */
function take(slice, hash, content, total) {
  hash.update(slice);
  if (!content) return true;
  if (total + slice.length > content.length) return false;
  slice.copy(content, total);
  return true;
}

function finish(task, fd, before, hash, content, total) {
  const after = fs.fstatSync(fd);
  if (total !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) return changed(task);
  const digest = hash.digest();
  return { ok: true, digest: new Uint8Array(digest.buffer, digest.byteOffset, digest.length), size: total, mtimeMs: Math.trunc(before.mtimeMs), content: content ? new Uint8Array(content.buffer, content.byteOffset, content.length) : null };
}

function changed(task) {
  return { ok: false, code: 'ERR_FILE_UNREADABLE', message: task.path + ' changed while it was read' };
}

function readFailure(task, error) {
  return { ok: false, code: codeFor(error), message: 'Cannot read ' + task.path + ': ' + (error && error.code ? error.code : String(error)) };
}

// Creating files in one folder from several threads at once makes the kernel spin on the folder's lock (a
// large share of the CPU here): the workers take turns for the create itself, sleeping, not spinning, while they
// wait. Writes and fsyncs stay concurrent.
const createLock = new Int32Array(workerData.createLock);
function createFile(path) {
  while (Atomics.compareExchange(createLock, 0, 0, 1) !== 0) Atomics.wait(createLock, 0, 1);
  try {
    return fs.openSync(path, 'w', 0o644);
  } finally {
    Atomics.store(createLock, 0, 0);
    Atomics.notify(createLock, 0, 1);
  }
}

// Writes every file of the chunk first, then fsyncs each: the first fsync's journal commit usually carries the
// others' data too (ext4 data=ordered), so the later ones are cheap. Each file is still fsynced before it counts.
function writeTemps(tasks) {
  const open = tasks.map((task) => {
    let fd;
    try {
      fd = createFile(task.path);
      let offset = 0;
      while (offset < task.bytes.length) offset += fs.writeSync(fd, task.bytes, offset, task.bytes.length - offset);
      return { fd };
    } catch (error) {
      return { fd, error };
    }
  });
  return tasks.map((task, index) => {
    let { fd, error } = open[index];
    try {
      if (!error) fs.fsyncSync(fd);
    } catch (syncError) {
      error = syncError;
    }
    try {
      if (fd !== undefined) fs.closeSync(fd);
    } catch (closeError) {
      error = error || closeError;
    }
    if (!error) return { ok: true };
    try { fs.rmSync(task.path, { force: true }); } catch {}
    return { ok: false, code: 'ERR_FILE_UNREADABLE', message: 'Cannot write ' + task.path + ': ' + (error && error.code ? error.code : String(error)) };
  });
}

// ── cheap check of a written signature: a DER walk to the first SignerInfo, messageDigest, signature value ──
const OID_MESSAGE_DIGEST = Buffer.from('06092a864886f70d010904', 'hex');
const OID_SIGNED_DATA = Buffer.from('06092a864886f70d010702', 'hex');
const OID_RSASSA_PSS = Buffer.from('06092a864886f70d01010a', 'hex');

function tlv(buf, pos, end) {
  if (pos + 2 > end) throw new Error('truncated DER');
  const tag = buf[pos];
  let length = buf[pos + 1];
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || pos + 2 + count > end) throw new Error('bad DER length');
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + buf[pos + 2 + index];
    header += count;
  }
  const start = pos + header;
  if (start + length > end) throw new Error('DER length past the end');
  return { tag, pos, start, end: start + length };
}

function children(buf, node) {
  const out = [];
  for (let pos = node.start; pos < node.end; ) {
    const child = tlv(buf, pos, node.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

function expectTag(node, tag, what) {
  if (!node || node.tag !== tag) throw new Error('not a CMS signature: ' + what);
  return node;
}

// A batch checks every file against the same key: parse its SubjectPublicKeyInfo once.
const publicKeys = new Map();
function publicKey(spki) {
  const id = Buffer.from(spki).toString('base64');
  let key = publicKeys.get(id);
  if (!key) {
    key = crypto.createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    if (publicKeys.size > 16) publicKeys.clear();
    publicKeys.set(id, key);
  }
  return key;
}

function checkSignature(task) {
  try {
    const buf = fs.readFileSync(task.path);
    if (task.expected && !buf.equals(Buffer.from(task.expected.buffer, task.expected.byteOffset, task.expected.length))) {
      return { ok: false, code: 'ERR_SIGNATURE_INVALID', message: task.path + ' does not hold the signature written' };
    }
    const contentInfo = expectTag(tlv(buf, 0, buf.length), 0x30, 'ContentInfo');
    if (contentInfo.end !== buf.length) throw new Error('trailing bytes');
    const [type, explicit] = children(buf, contentInfo);
    if (!type || !buf.subarray(type.pos, type.end).equals(OID_SIGNED_DATA)) throw new Error('not SignedData');
    const signedData = expectTag(children(buf, expectTag(explicit, 0xa0, 'content'))[0], 0x30, 'SignedData');
    const signerInfos = expectTag(children(buf, signedData).at(-1), 0x31, 'signerInfos');
    const signerInfo = expectTag(children(buf, signerInfos)[0], 0x30, 'SignerInfo');
    const fields = children(buf, signerInfo);
    const attrs = expectTag(fields[3], 0xa0, 'signedAttrs');
    const algorithm = expectTag(fields[4], 0x30, 'signatureAlgorithm');
    const signature = expectTag(fields[5], 0x04, 'signature');
    let messageDigest = null;
    for (const attribute of children(buf, attrs)) {
      const [oid, values] = children(buf, expectTag(attribute, 0x30, 'Attribute'));
      if (oid && buf.subarray(oid.pos, oid.end).equals(OID_MESSAGE_DIGEST)) {
        const value = expectTag(children(buf, expectTag(values, 0x31, 'values'))[0], 0x04, 'messageDigest');
        messageDigest = buf.subarray(value.start, value.end);
      }
    }
    if (!messageDigest || !messageDigest.equals(Buffer.from(task.digest))) {
      return { ok: false, code: 'ERR_SIGNATURE_INVALID', message: task.path + ': messageDigest does not match the document' };
    }
    // The signature covers the DER of the signed attributes as a SET OF (tag 0x31 instead of [0]).
    const signed = Buffer.from(buf.subarray(attrs.pos, attrs.end));
    signed[0] = 0x31;
    const algorithmOid = children(buf, algorithm)[0];
    const pss = algorithmOid && buf.subarray(algorithmOid.pos, algorithmOid.end).equals(OID_RSASSA_PSS);
    const key = publicKey(task.spki);
    const options = pss
      ? { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: task.digest.length }
      : { key, dsaEncoding: 'der' };
    if (!crypto.verify(task.hash, signed, options, buf.subarray(signature.start, signature.end))) {
      return { ok: false, code: 'ERR_SIGNATURE_INVALID', message: task.path + ': the signature value does not verify with the key' };
    }
    return { ok: true };
  } catch (error) {
    if (error && error.code === 'ENOENT') return { ok: false, code: 'ERR_FILE_NOT_FOUND', message: task.path + ' vanished after it was written' };
    return { ok: false, code: 'ERR_SIGNATURE_MALFORMED', message: task.path + ': ' + (error && error.message ? error.message : String(error)) };
  }
}

const HANDLERS = { hash: (tasks) => tasks.map(hashOne), write: writeTemps, check: (tasks) => tasks.map(checkSignature) };

function reply(id, results) {
  const transfer = [];
  for (const result of results) if (result.ok && result.content) transfer.push(result.content.buffer);
  parentPort.postMessage({ id, results }, transfer);
}

parentPort.on('message', (message) => {
  const results = HANDLERS[message.kind](message.tasks);
  // Only a large file's hash is asynchronous (hashPipelined); everything else answers in this turn.
  if (results.some((result) => typeof result.then === 'function')) Promise.all(results).then((settled) => reply(message.id, settled));
  else reply(message.id, results);
});
`;
