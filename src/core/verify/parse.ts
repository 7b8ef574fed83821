// The /verify argument: a claim with an optional speaker, or a whole message
// whose quoted passages are each checked.
//   "claim" by Speaker | “claim” by Speaker | 'claim' by Speaker
//   "claim," Speaker said | "claim" — Speaker
//   claim by Speaker        (only when Speaker is someone the corpus knows)
//   claim
//   any text with quoted passages of two words or more → one check per passage

export interface ClaimRequest {
  claim: string;
  speaker: string | null;
}

export type VerifyRequest =
  | { mode: 'single'; request: ClaimRequest }
  | { mode: 'message'; requests: ClaimRequest[] };

/** Does this typed name belong to a known speaker? */
export type KnowsSpeaker = (name: string) => boolean;

/** Closing marks for each opening mark, in groups tried in turn; within a group the nearest closes. */
const CLOSERS: Record<string, string[]> = {
  '"': ['"”“'], // straight quotes are often closed with a curly one (mixed scrapes)
  '“': ['”', '"'],
  '”': ['”"'], // some keyboards and scrapes open with the closing mark
  '„': ['“”"'],
  '«': ['»'],
  '‘': ['’', "'"],
  "'": ["'’"],
  '’': ["’'"],
};

const isWordChar = (ch: string | undefined) => !!ch && /[\p{L}\p{N}]/u.test(ch);

/**
 * Index of the mark closing a passage opened at `open`, or -1. The matching
 * mark is preferred (“…” may hold straight "…" inside it); the others close
 * only when it never comes. Apostrophes inside words never close.
 */
function findClose(text: string, open: number): number {
  const opener = text[open]!;
  const single = opener === "'" || opener === '‘' || opener === '’';
  for (const group of CLOSERS[opener] ?? []) {
    for (let i = open + 2; i < text.length; i++) {
      if (!group.includes(text[i]!)) continue;
      if (single && (isWordChar(text[i + 1]) || !/\S/.test(text[i - 1] ?? ''))) continue;
      return i;
    }
  }
  return -1;
}

/** May a quotation open here? Single marks only at a word's start, not inside ("don't"). */
function canOpen(text: string, i: number): boolean {
  const ch = text[i]!;
  if (!(ch in CLOSERS)) return false;
  const prev = text[i - 1];
  if (ch === "'" || ch === '‘' || ch === '’') {
    if (isWordChar(prev)) return false;
    return /\S/.test(text[i + 1] ?? ' ');
  }
  if (ch === '”' || ch === '"') return !isWordChar(prev) && /\S/.test(text[i + 1] ?? ' ');
  return true;
}

export interface Passage {
  text: string;
  start: number;
  end: number;
}

/** Quoted passages of at least `minWords` words, outermost only. */
export function quotedPassages(text: string, minWords = 2): Passage[] {
  const out: Passage[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!canOpen(text, i)) continue;
    const close = findClose(text, i);
    if (close < 0) continue;
    const inner = text.slice(i + 1, close).trim();
    if (inner.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length >= minWords) {
      out.push({ text: inner, start: i, end: close + 1 });
      i = close;
    }
  }
  return out;
}

const SAY = String.raw`(?:said|says|say|told\s+\S+|tells\s+\S+|tweeted|tweets|wrote|writes|added|adds|insisted|insists|declared|declares|claimed|claims|stated|states|warned|warns|argued|argues|replied|replies|posted|posts)`;
const NOT_NAME = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you', 'who', 'which', 'that', 'this', 'someone', 'somebody', 'everyone', 'people', 'nobody', 'one', 'and', 'but', 'also', 'then', 'once', 'had', 'has', 'have', 'was', 'is', 'as', 'reportedly', 'allegedly', 'later', 'never']);

/** The words nearest the verb that name someone: a known speaker, else capitalised non-pronoun words. */
function pickName(words: string[], knows: KnowsSpeaker, nearEnd: boolean, whole = false): string | null {
  const clean = words.map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.]+$/gu, '').replace(/[’']s$/, '')).filter(Boolean);
  // Between a closing mark and "said" only a name may stand ("…," Reyes said), not "and Reyes said".
  if (whole && clean.length > 4) return null;
  const n = Math.min(4, clean.length);
  const pick = (len: number) => (nearEnd ? clean.slice(clean.length - len) : clean.slice(0, len));
  for (let len = n; len >= (whole ? n : 1); len--) {
    const cand = pick(len).join(' ');
    if (knows(cand)) return cand;
  }
  // "said Senator Jane Holloway": a title the resolver does not know may lead the name.
  if (!nearEnd && !whole) {
    for (let skip = 1; skip <= 2 && skip < clean.length; skip++) {
      for (let len = Math.min(4, clean.length - skip); len >= 1; len--) {
        const cand = clean.slice(skip, skip + len).join(' ');
        if (knows(cand)) return cand;
      }
    }
  }
  // An unknown name still tells who the message claims spoke: keep it if it looks like one.
  let caps: string[] = [];
  for (let len = 1; len <= n; len++) {
    const ws = pick(len);
    if (ws.every((w) => /^\p{Lu}/u.test(w) && !NOT_NAME.has(w.toLowerCase()))) caps = ws;
    else break;
  }
  if (whole && caps.length !== n) return null;
  return caps.length ? caps.join(' ') : null;
}

/** "X said" / "said X" / "X: " / "according to X" right around a passage. */
export function inferSpeaker(text: string, p: Passage, knows: KnowsSpeaker): string | null {
  const after = text.slice(p.end, p.end + 80);
  const before = text.slice(Math.max(0, p.start - 100), p.start);
  let m = new RegExp(String.raw`^\s*[,.;:—–-]?\s*${SAY}\s+((?:[^\s,.;:!?"“”]+\s*){1,5})`, 'iu').exec(after);
  if (m) {
    const name = pickName(m[1]!.trim().split(/\s+/), knows, false);
    if (name) return name;
  }
  m = new RegExp(String.raw`^\s*[,.;:—–-]?\s*((?:[^\s,.;:!?"“”]+\s+){1,4}?)${SAY}\b`, 'iu').exec(after);
  if (m) {
    const name = pickName(m[1]!.trim().split(/\s+/), knows, true, true);
    if (name) return name;
  }
  m = /^\s*[—–-]{1,2}\s*((?:[^\s,.;:!?"“”]+\s*){1,4})/u.exec(after);
  if (m) {
    const name = pickName(m[1]!.trim().split(/\s+/), knows, false);
    if (name) return name;
  }
  m = new RegExp(String.raw`((?:[^\s,.;:!?"“”]+\s+){1,4})${SAY}(?:\s+that)?\s*[,:]?\s*$`, 'iu').exec(before);
  if (m) {
    const name = pickName(m[1]!.trim().split(/\s+/), knows, true);
    if (name) return name;
  }
  m = /according to\s+((?:[^\s,.;:!?"“”]+\s*){1,4}),?\s*$/iu.exec(before);
  if (m) {
    const name = pickName(m[1]!.trim().split(/\s+/), knows, false);
    if (name) return name;
  }
  m = /((?:[^\s,.;:!?"“”]+\s+){0,3}[^\s,.;:!?"“”]+)\s*:\s*$/u.exec(before);
  if (m) {
    const name = pickName(m[1]!.trim().split(/\s+/), knows, true);
    if (name) return name;
  }
  // "Trump said Russia “will be pushing very hard”": a fragment a few words after the verb.
  m = new RegExp(String.raw`((?:[^\s,.;:!?"“”]+\s+){1,4})${SAY}(?:\s+[^\s,.;:!?"“”]+){1,3}\s*$`, 'iu').exec(before);
  if (m) {
    const name = pickName(m[1]!.trim().split(/\s+/), knows, true);
    if (name) return name;
  }
  return null;
}

/** "by Trump" / ", Trump said" / "— Trump" after a leading quoted claim; null when the rest is something else. */
function trailingSpeaker(rest: string, knows: KnowsSpeaker): { speaker: string | null } | null {
  const r = rest.replace(/^[\s,.;:]+/, '').replace(/[\s.!?]+$/, '');
  if (!r) return { speaker: null };
  let m = /^by\s+(.+)$/iu.exec(r);
  if (m) return { speaker: m[1]!.trim() };
  m = /^[—–-]{1,2}\s*(.+)$/u.exec(r);
  if (m && m[1]!.split(/\s+/).length <= 5) return { speaker: m[1]!.trim() };
  // "…," he said: a pronoun names no one, but the line is still a single claim.
  m = new RegExp(String.raw`^${SAY}\s+(.+)$`, 'iu').exec(r);
  if (m && m[1]!.split(/\s+/).length <= 5) return { speaker: pickName(m[1]!.trim().split(/\s+/), knows, false) };
  m = new RegExp(String.raw`^(.+?)\s+${SAY}$`, 'iu').exec(r);
  if (m && m[1]!.split(/\s+/).length <= 5) return { speaker: pickName(m[1]!.trim().split(/\s+/), knows, true) };
  return null;
}

/** "claim by Speaker" without marks: split only when the tail names a known speaker. */
function unquotedBy(text: string, knows: KnowsSpeaker): ClaimRequest {
  const re = /\sby\s+/giu;
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m;
  if (last) {
    const tail = text.slice(last.index + last[0].length).replace(/[\s.!?]+$/, '');
    const words = tail.split(/\s+/).filter(Boolean);
    if (words.length >= 1 && words.length <= 4 && knows(tail)) {
      return { claim: text.slice(0, last.index).trim(), speaker: tail };
    }
  }
  return { claim: text.trim(), speaker: null };
}

export function parseVerifyArgs(args: string, knows: KnowsSpeaker): VerifyRequest {
  const text = args.trim();
  const first = text[0];
  if (first && first in CLOSERS && canOpen(text, 0)) {
    const close = findClose(text, 0);
    if (close > 0) {
      const claim = text.slice(1, close).trim();
      const tail = trailingSpeaker(text.slice(close + 1), knows);
      if (tail && claim) return { mode: 'single', request: { claim, speaker: tail.speaker } };
    }
  }
  const passages = quotedPassages(text);
  if (passages.length === 1) {
    const p = passages[0]!;
    return { mode: 'single', request: { claim: p.text, speaker: inferSpeaker(text, p, knows) } };
  }
  if (passages.length > 1) {
    return { mode: 'message', requests: passages.map((p) => ({ claim: p.text, speaker: inferSpeaker(text, p, knows) })) };
  }
  return { mode: 'single', request: unquotedBy(text, knows) };
}
