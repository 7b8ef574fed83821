// Platform-independent safety for text we did not write (articles, queries),
// used by every renderer: no bidi controls, no cut through a surrogate pair, and
// a link only to a URL that is plainly an http(s) address.

/** Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069): they reorder what a reader sees. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** The text without bidi controls: a quote must read in the order it was written. */
export function stripBidi(s: string): string {
  return s.replace(BIDI_CONTROLS, '');
}

/** The first `n` UTF-16 units of `s`, one fewer when the cut would split a surrogate pair. */
export function cutUnits(s: string, n: number): string {
  if (n <= 0) return '';
  if (n >= s.length) return s;
  const last = s.charCodeAt(n - 1);
  return last >= 0xd800 && last <= 0xdbff ? s.slice(0, n - 1) : s.slice(0, n);
}

/**
 * `url` when it is a well-formed http(s) URL with a host, no credentials and no
 * character that could end or relabel a link in chat markup (whitespace, control
 * and bidi characters, < > | " ` \ ^ { }); null otherwise. The article's own
 * string is returned, never a rewritten one.
 */
export function articleUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const u = url.trim();
  if (u.length > 2000) return null;
  if (!/^https?:\/\//i.test(u)) return null;
  if (/[\s\u0000-\u001f\u007f-\u009f<>|"`\\^{}\u202A-\u202E\u2066-\u2069\u200B-\u200F\u2060\uFEFF]/.test(u)) return null;
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    return null;
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) return null;
  if (parsed.username || parsed.password) return null;
  return u;
}
