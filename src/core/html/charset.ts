// Bytes of a page → text, in the page's own character set: the HTTP header's
// charset first, then a byte-order mark, then <meta charset> / http-equiv in the
// first 4 KB (as browsers do), then UTF-8 — and Windows-1252 when the bytes are
// not valid UTF-8 (the commonest mislabelled pages).

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i;

function decoderFor(label: string | null | undefined): InstanceType<typeof TextDecoder> | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return null;
  }
}

/** The charset parameter of a Content-Type header value, if any. */
export function charsetOf(contentType: string | null | undefined): string | null {
  const m = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '');
  return m ? m[1]! : null;
}

export function decodeHtml(bytes: Uint8Array, headerCharset?: string | null): { text: string; charset: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), charset: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), charset: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), charset: 'utf-16be' };
  const fromHeader = decoderFor(headerCharset);
  if (fromHeader) return { text: fromHeader.decode(bytes), charset: fromHeader.encoding };
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const declared = decoderFor(META_CHARSET.exec(head)?.[1]);
  if (declared && declared.encoding !== 'utf-8') return { text: declared.decode(bytes), charset: declared.encoding };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), charset: 'windows-1252' };
  }
}
