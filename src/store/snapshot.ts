// The library snapshot's file: one line of JSON (format, key, length and CRC-32
// of the body) and the body, one v8.serialize'd value. The key is checked before
// the body is read, so a snapshot of other files costs one small read; the CRC
// catches a body damaged on disk (v8.deserialize may read damaged bytes as other
// values). Written aside and renamed, so a crash never leaves half a snapshot.
import { open, rename, rm } from 'node:fs/promises';
import { deserialize } from 'node:v8';
import { crc32 } from 'node:zlib';

const MAGIC = 'quotebot-library-snapshot';
/** Bytes read at a time: fs reads stop at 2 GiB, and a 50k corpus's snapshot is about that. */
const CHUNK = 1 << 28;

interface Header {
  magic: string;
  key: string;
  bytes: number;
  crc: number;
}

export type SnapshotRead<T> = { status: 'absent' } | { status: 'stale' } | { status: 'ok'; value: T };

/** Write a serialized value under `key`; returns its size. */
export async function writeSnapshotFile(file: string, key: string, body: Buffer): Promise<number> {
  const header: Header = { magic: MAGIC, key, bytes: body.length, crc: crc32(body) };
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.write(`${JSON.stringify(header)}\n`);
    for (let at = 0; at < body.length; at += CHUNK) await fh.write(body, at, Math.min(CHUNK, body.length - at));
    await fh.close();
    await rename(tmp, file);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  return body.length;
}

/** The value of the snapshot when it has this key; throws when the file is damaged or not a snapshot. */
export async function readSnapshot<T>(file: string, key: string): Promise<SnapshotRead<T>> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'absent' };
    throw err;
  }
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const nl = head.subarray(0, bytesRead).indexOf(0x0a);
    if (nl < 0) throw new Error('no header');
    const header = JSON.parse(head.subarray(0, nl).toString('utf8')) as Partial<Header>;
    if (header.magic !== MAGIC || typeof header.bytes !== 'number' || typeof header.crc !== 'number') throw new Error('not a library snapshot');
    if (header.key !== key) return { status: 'stale' };
    const size = (await fh.stat()).size - (nl + 1);
    if (size !== header.bytes) throw new Error(`truncated (${size} of ${header.bytes} bytes)`);
    const body = Buffer.allocUnsafe(size);
    for (let at = 0; at < size; ) {
      const r = await fh.read(body, at, Math.min(CHUNK, size - at), nl + 1 + at);
      if (r.bytesRead === 0) throw new Error('truncated');
      at += r.bytesRead;
    }
    if (crc32(body) !== header.crc) throw new Error('damaged (checksum)');
    return { status: 'ok', value: deserialize(body) as T };
  } finally {
    await fh.close();
  }
}
