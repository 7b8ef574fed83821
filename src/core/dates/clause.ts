// The words a date expression dates: the clause or phrase it belongs to, not
// the whole sentence. "Trump and Putin spoke in Osaka on Friday ahead of their
// first meeting since a controversial summit in Helsinki last July and the
// mid-April release of Mueller's report" dates three things: "Trump and Putin
// spoke in Osaka on Friday", "a controversial summit in Helsinki last July"
// and "the mid-April release of Mueller's report".
//
// A sentence is cut into segments where a clause starts (a subordinator, a
// relative word, strong punctuation) and, between two dates, where a phrase is
// coordinated ("… last July and the mid-April release …"). A date's text is its
// segment; a segment without a date adds to the one before it when it only
// goes on describing it (a relative clause, what was said), and is left out
// when it starts something of its own ("ahead of their first meeting"). A date
// used as a noun modifier ("the 2016 presidential election") dates that noun
// phrase only.

/** A date expression inside the sentence: offsets into the sentence text. */
export interface ExprSpan {
  start: number;
  end: number;
}

/** Words that start a clause of their own; what follows them is another happening. */
const OWN_CLAUSE = ['ahead of', 'since', 'after', 'before', 'until', 'because', 'although', 'though', 'whereas', 'while', 'but', 'than', 'when', 'as part of', 'following', 'amid', 'despite', 'citing', 'saying'];
/** Relative words: the clause goes on about a noun before it, and the sentence may go on after it. */
const RELATIVE = ['which', 'who', 'whom', 'whose', 'where'];
/** Complement clauses: what was said or asked; they belong to the verb before them, not it to them. */
const COMPLEMENT = ['that', 'if', 'whether'];
const words = (list: string[]): string => list.map((w) => w.replace(/ /g, '\\s+')).join('|');
const CLAUSE_START = new RegExp(`(?<=[\\s,])(?:${words([...OWN_CLAUSE, ...RELATIVE, ...COMPLEMENT])})\\b`, 'gi');
const OWN_START = new RegExp(`^(?:${words(OWN_CLAUSE)})\\b`, 'i');
const COMPLEMENT_START = new RegExp(`^(?:${words(COMPLEMENT)})\\b`, 'i');
/** Strong punctuation: ; : — – ( ) and a spaced hyphen pair. */
const STRONG = /\s*(?:[;:()]|\s[—–]\s|—|\s--\s)\s*/g;
const COORD = /(?<=\s)(?:and|or)\s+(?=\S)/gi;
/** "that" as a determiner or pronoun ("that year", "that was"), not a clause start. */
const THAT_NOT_CLAUSE = /^that\s+(?:year|month|week|day|morning|night|evening|afternoon|quarter|time|summer|spring|fall|autumn|winter|is|was|has|had|would|will|can|could)\b/i;

const DETERMINER = /(?:^|\s)((?:the|a|an|this|that|its|his|her|their|our|last|next)\s+|[A-Z][\w.’'-]*['’]s\s+)$/i;
const NP_STOP = new Set([
  'and', 'or', 'but', 'nor', 'that', 'which', 'who', 'when', 'where', 'while', 'as', 'if', 'than', 'to', 'by', 'after', 'before', 'since',
  'until', 'during', 'about', 'into', 'over', 'under', 'amid', 'despite', 'is', 'are', 'was', 'were', 'be', 'been', 'will', 'would',
  'could', 'should', 'may', 'might', 'can', 'has', 'have', 'had', 'did', 'does', 'do', 'said', 'says', 'it', 'he', 'she', 'they', 'we',
  'i', 'you', 'there', 'not', 'also', 'then', 'last', 'next', 'this', 'ago', 'earlier', 'later',
]);
const NP_LINK = new Set(['of', 'with', 'in', 'at', 'on', 'for', 'from', 'against', 'between']);
/** Past forms and other verb shapes that end a noun phrase ("… summit drew a backlash"). */
const VERBISH = /^(?:[a-z]+ed|drew|made|took|gave|went|came|saw|held|began|found|left|won|lost|ran|wrote|sent|became|brought|led|met|spoke|told|got|shows?|says?)$/;

/** How a segment begins: a clause of its own ("ahead of …", strong punctuation), a relative or complement clause, or a plain cut. */
type Start = 'own' | 'relative' | 'complement' | 'plain';

interface Segment {
  start: number;
  end: number;
  begins: Start;
}

/** The span (offsets in `sentence`) of the words each expression dates, in the order given. */
export function clausesOf(sentence: string, exprs: readonly ExprSpan[]): Array<[number, number]> {
  const segments = segment(sentence, exprs);
  return exprs.map((x) => {
    const np = nounPhrase(sentence, x, exprs);
    if (np) return np;
    const at = segments.findIndex((s) => x.start >= s.start && x.start < s.end);
    if (at < 0) return trim(sentence, 0, sentence.length);
    let [a, b] = [segments[at]!.start, segments[at]!.end];
    const dated = (s: Segment): boolean => exprs.some((y) => y.start >= s.start && y.start < s.end);
    // Dateless words before it belong to it when it only interrupts them (a relative clause) or was cut plainly:
    // not when it is a clause of its own or what the words before it said.
    for (let i = at - 1; i >= 0 && !dated(segments[i]!) && (segments[i + 1]!.begins === 'relative' || segments[i + 1]!.begins === 'plain'); i--) a = segments[i]!.start;
    // Words after it belong to it when they go on about it: what was said (dated or not: "said on Tuesday
    // that … this year" tells Tuesday's saying whole), a relative clause without a date of its own.
    for (let i = at + 1; i < segments.length; i++) {
      const seg = segments[i]!;
      if (seg.begins === 'complement' || (seg.begins === 'relative' && !dated(seg))) b = seg.end;
      else break;
    }
    return trim(sentence, a, b);
  });
}

function segment(sentence: string, exprs: readonly ExprSpan[]): Segment[] {
  // Cut points: [position, where the next segment starts, whether it starts its own clause].
  const cuts: Array<{ at: number; next: number; begins: Start }> = [];
  const inside = (i: number): boolean => exprs.some((x) => i > x.start && i < x.end);
  for (const m of sentence.matchAll(STRONG)) if (!inside(m.index)) cuts.push({ at: m.index, next: m.index + m[0].length, begins: 'own' });
  for (const m of sentence.matchAll(CLAUSE_START)) {
    if (inside(m.index)) continue;
    const word = m[0].toLowerCase();
    if (word === 'that' && THAT_NOT_CLAUSE.test(sentence.slice(m.index, m.index + 20))) continue;
    // An expression may begin with one of these words ("since July"): the clause starts before the preposition all the same.
    const rest = sentence.slice(m.index, m.index + 16);
    // "…, and that …" is a second thing said, not more of the first.
    const coordinated = /\b(?:and|or)\s+$/i.exec(sentence.slice(Math.max(0, m.index - 5), m.index));
    if (coordinated && COMPLEMENT_START.test(rest)) {
      cuts.push({ at: m.index - coordinated[0].length, next: m.index, begins: 'own' });
      continue;
    }
    cuts.push({ at: m.index, next: m.index, begins: OWN_START.test(rest) ? 'own' : COMPLEMENT_START.test(rest) ? 'complement' : 'relative' });
  }
  // "and"/"or" cuts only between two dates: it coordinates the things they date.
  for (const m of sentence.matchAll(COORD)) {
    if (inside(m.index)) continue;
    const before = exprs.some((x) => x.end <= m.index);
    const after = exprs.some((x) => x.start >= m.index + m[0].length);
    if (!before || !after) continue;
    const prevCut = Math.max(0, ...cuts.filter((c) => c.at < m.index).map((c) => c.next));
    const nextCut = Math.min(sentence.length, ...cuts.filter((c) => c.at > m.index).map((c) => c.at));
    const left = exprs.some((x) => x.start >= prevCut && x.end <= m.index);
    const right = exprs.some((x) => x.start >= m.index && x.end <= nextCut);
    if (left && right) cuts.push({ at: m.index, next: m.index + m[0].length, begins: 'plain' });
  }
  cuts.sort((x, y) => x.at - y.at);
  // Two dates left in one stretch with a comma between them ("which opened in 2019, closed on Wednesday"): cut at the last such comma.
  const sorted = [...exprs].sort((x, y) => x.start - y.start);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [x, y] = [sorted[i]!, sorted[i + 1]!];
    if (cuts.some((c) => c.at >= x.end && c.at <= y.start)) continue;
    const comma = sentence.lastIndexOf(',', y.start);
    if (comma >= x.end && !inside(comma)) cuts.push({ at: comma, next: comma + 1, begins: 'plain' });
  }
  cuts.sort((x, y) => x.at - y.at);
  const out: Segment[] = [];
  let from = 0;
  let begins: Start = 'own';
  for (const c of cuts) {
    if (c.at > from) out.push({ start: from, end: c.at, begins });
    from = Math.max(from, c.next);
    begins = c.begins;
  }
  if (from < sentence.length) out.push({ start: from, end: sentence.length, begins });
  return out;
}

/** A date used as a noun modifier dates its noun phrase: "the 2016 presidential election", "a July 16 summit with Putin in Helsinki". */
function nounPhrase(sentence: string, x: ExprSpan, exprs: readonly ExprSpan[]): [number, number] | null {
  const before = sentence.slice(Math.max(0, x.start - 40), x.start);
  const det = DETERMINER.exec(before);
  const after = sentence.slice(x.end);
  const possessive = /^['’]s\s/.test(after);
  const firstAfter = /^(?:['’]s)?\s+([A-Za-z][\w-]*)/.exec(after)?.[1] ?? '';
  const nounNext = /^[a-z]/.test(firstAfter) && !NP_STOP.has(firstAfter) && !NP_LINK.has(firstAfter) && !VERBISH.test(firstAfter);
  if (!(det || possessive) || !nounNext) return null;
  const start = det ? x.start - det[1]!.length : x.start;
  // Words after the date: the noun group, then linked phrases ("of …", "with Putin in Helsinki"), up to a verb, a clause word, punctuation or another date.
  const next = exprs.filter((y) => y.start >= x.end).map((y) => y.start);
  const limit = Math.min(sentence.length, ...next);
  const word = /\s*([\w’'.-]+)/y;
  let end = x.end + (possessive ? 2 : 0);
  let i = end;
  let linked = false;
  for (let n = 0; n < 16; n++) {
    word.lastIndex = i;
    const m = word.exec(sentence);
    if (!m || m.index + m[0].length > limit) break;
    const w = m[1]!.replace(/[.’']+$/, '');
    const lower = w.toLowerCase();
    if (/[,;:()—–]/.test(sentence.slice(i, m.index + m[0].length - m[1]!.length))) break;
    if (NP_LINK.has(lower)) {
      linked = true;
      i = m.index + m[0].length;
      continue;
    }
    if (NP_STOP.has(lower) || VERBISH.test(w) || (linked && /^[a-z]/.test(w) && /(?:s|ed)$/.test(w) && n > 6)) break;
    i = m.index + m[0].length;
    end = i;
    linked = false;
    if (/[.!?]$/.test(m[1]!) && !/^[A-Z][a-z]?\.$/.test(m[1]!)) break;
  }
  return trim(sentence, start, end);
}

/** Without the spaces, commas and closing punctuation at either end. */
function trim(s: string, a: number, b: number): [number, number] {
  while (a < b && /[\s,;:—–-]/.test(s[a]!)) a++;
  while (b > a && /[\s,;:—–(-]/.test(s[b - 1]!)) b--;
  // The sentence's full stop is not part of a clause cut from it.
  if ((a > 0 || b < s.length) && b > a && s[b - 1] === '.' && !/\b[A-Z][a-z]?\.$|\b[a-z]\.$|\.\.\.$/.test(s.slice(Math.max(a, b - 4), b))) b--;
  return [a, b];
}
