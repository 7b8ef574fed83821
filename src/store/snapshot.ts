// The library snapshot's file: one line of JSON (format, key, the byte length of
// each part, CRC-32 of the body) and the body, the parts one after another (each
// one v8.serialize'd value). The key is checked before the body is read, so a
// snapshot of other files costs one small read; the CRC catches a body damaged
// on disk (v8.deserialize may read damaged bytes as other values). Written aside
// and renamed, so a crash never leaves half a snapshot.
import { open, rename, rm } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

const MAGIC = 'quotebot-library-snapshot-2';
/** Bytes read or written at a time: fs reads stop at 2 GiB, and a 50k corpus's snapshot is about that. */
const CHUNK = 1 << 28;

interface Header {
  magic: string;
  key: string;
  parts: number[];
  crc: number;
}

export type SnapshotRead = { status: 'absent' } | { status: 'stale' } | { status: 'ok'; parts: Buffer[] };

/** Write the serialized parts under `key`; returns their total size. */
export async function writeSnapshotFile(file: string, key: string, parts: readonly Buffer[]): Promise<number> {
  let crc = 0;
  for (const p of parts) crc = crc32(p, crc);
  const header: Header = { magic: MAGIC, key, parts: parts.map((p) => p.length), crc };
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.write(`${JSON.stringify(header)}\n`);
    for (const p of parts) for (let at = 0; at < p.length; at += CHUNK) await fh.write(p, at, Math.min(CHUNK, p.length - at));
    await fh.close();
    await rename(tmp, file);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  return header.parts.reduce((a, b) => a + b, 0);
}

/** The parts of the snapshot when it has this key; throws when the file is damaged or not a snapshot. */
export async function readSnapshot(file: string, key: string): Promise<SnapshotRead> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'absent' };
    throw err;
  }
  try {
    // The header lists one length per part: a few bytes per 500 articles.
    const head = Buffer.alloc(1 << 16);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const nl = head.subarray(0, bytesRead).indexOf(0x0a);
    if (nl < 0) throw new Error('no header');
    const header = JSON.parse(head.subarray(0, nl).toString('utf8')) as Partial<Header>;
    if (header.magic !== MAGIC || !Array.isArray(header.parts) || typeof header.crc !== 'number') throw new Error('not a library snapshot of this format');
    if (header.key !== key) return { status: 'stale' };
    const total = header.parts.reduce((a, b) => a + b, 0);
    const size = (await fh.stat()).size - (nl + 1);
    if (size !== total) throw new Error(`truncated (${size} of ${total} bytes)`);
    const body = Buffer.allocUnsafe(size);
    for (let at = 0; at < size; ) {
      const r = await fh.read(body, at, Math.min(CHUNK, size - at), nl + 1 + at);
      if (r.bytesRead === 0) throw new Error('truncated');
      at += r.bytesRead;
    }
    if (crc32(body) !== header.crc) throw new Error('damaged (checksum)');
    const parts: Buffer[] = [];
    let at = 0;
    for (const n of header.parts) {
      parts.push(body.subarray(at, at + n));
      at += n;
    }
    return { status: 'ok', parts };
  } finally {
    await fh.close();
  }
}
