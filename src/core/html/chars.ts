// Character-level repairs of page text: soft hyphens and zero-width marks that
// split words ("inter\u00adnational" must match "international"), and
// mojibake — UTF-8 bytes that were decoded as Windows-1252 somewhere upstream
// ("donâ€™t" for "don’t", "CafÃ©" for "Café").

const INVISIBLE = /[\u00ad\u200b\u200c\u200d\u2060\ufeff]/g;

// Windows-1252's 0x80–0x9F, which differ from Latin-1; the rest of 0xA0–0xFF is Latin-1.
const CP1252_HIGH: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
  'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
  '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

function byteOf(ch: string): number | null {
  const c = ch.charCodeAt(0);
  if (c >= 0x80 && c <= 0xff) return c;
  return CP1252_HIGH[ch] ?? null;
}

// A lead byte of a 2–4 byte UTF-8 sequence (Â-ô as Windows-1252) followed by
// continuation bytes (0x80–0xBF, which as Windows-1252 are these characters).
const CONT = '\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const MOJIBAKE = new RegExp(`[\u00c2-\u00f4][${CONT}]{1,3}`, 'g');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Undo UTF-8-read-as-Windows-1252, one sequence at a time; anything that does not decode stays as it was. */
export function fixMojibake(s: string): string {
  if (!/[\u00c2-\u00f4]/.test(s)) return s;
  return s.replace(MOJIBAKE, (seq) => {
    const bytes: number[] = [];
    for (const ch of seq) {
      const b = byteOf(ch);
      if (b === null) return seq;
      bytes.push(b);
    }
    const lead = bytes[0]!;
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (bytes.length < need) return seq;
    try {
      return utf8.decode(Uint8Array.from(bytes.slice(0, need))) + seq.slice(need);
    } catch {
      return seq;
    }
  });
}

export function repairChars(s: string): string {
  return fixMojibake(s.replace(INVISIBLE, ''));
}
