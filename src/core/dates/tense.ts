// Which way an underspecified date points: a bare "Friday" or "in May" means the
// one before the article in a past-tense clause and the one after it in a future
// or modal clause. The verb nearest the expression in its clause decides.

export type Tense = 'past' | 'future' | 'neutral';

const FUTURE = new Set([
  'will', "won't", 'wont', 'shall', 'gonna', 'would', "wouldn't", 'could', 'might', 'may', 'should', 'must', 'can',
  'upcoming', 'next', 'coming', 'forthcoming', 'tomorrow', 'soon', 'approaching', 'looming', 'ahead',
  // Words that look forward from the moment they are written: a deadline, a payment, an expiry.
  'expire', 'expires', 'expiring', 'payable', 'effective', 'expect', 'expects', 'pending',
  // The present tense of a scheduled event: "the trial opens in May".
  'opens', 'begins', 'starts', 'ends', 'closes', 'resumes', 'reopens', 'convenes', 'kicks', 'launches', 'premieres', 'debuts',
]);
/** The reporting frame ("…, officials said"): it dates the telling, not what is told, so it decides only when nothing else in the clause does. */
const FRAME = new Set(['said', 'told', 'added', 'noted', 'announced', 'stated', 'reported', 'explained', 'wrote', 'declared', 'confirmed', 'according']);
/** Words after "is/are/'s" that schedule something ahead: "is set to", "are expected to". */
const SCHEDULE = new Set(['set', 'expected', 'scheduled', 'due', 'slated', 'poised', 'going', 'planning', 'planned', 'likely', 'about']);
/** Verbs that look ahead when "to" follows, in any tense: "planned to strike on Tuesday", "set to expire Nov. 6". */
const FUTURE_VERB_TO = new Set([
  'plan', 'plans', 'planned', 'intend', 'intends', 'intended', 'aim', 'aims', 'aimed', 'hope', 'hopes', 'hoped', 'want', 'wants', 'wanted',
  'seek', 'seeks', 'sought', 'vow', 'vows', 'vowed', 'promise', 'promises', 'promised', 'threaten', 'threatens', 'threatened',
  'pledge', 'pledges', 'pledged', 'agree', 'agrees', 'agreed', 'set', 'scheduled', 'slated', 'expected', 'poised', 'prepared', 'preparing',
]);
const PRESENT_BE = new Set(['is', 'are', "'s", 'am']);
const PAST = new Set([
  'was', 'were', 'had', 'did', "didn't", "wasn't", "weren't", "hadn't", 'ago', 'earlier', 'previously', 'recently', 'last', 'yesterday',
  'said', 'told', 'met', 'spoke', 'made', 'took', 'gave', 'went', 'came', 'saw', 'held', 'began', 'found', 'left', 'won', 'lost',
  'ran', 'wrote', 'thought', 'knew', 'sent', 'became', 'brought', 'bought', 'felt', 'kept', 'led', 'meant', 'paid', 'sat', 'stood',
  'understood', 'drew', 'flew', 'grew', 'threw', 'spent', 'built', 'fought', 'caught', 'taught', 'sought', 'struck', 'stole',
  'chose', 'rose', 'fell', 'broke', 'spoke', 'woke', 'wore', 'swore', 'tore', 'froze', 'hid', 'bit', 'shook', 'forgot', 'forgave',
  'sold', 'heard', 'withdrew', 'overtook', 'undertook', 'arose', 'slid', 'dealt', 'lent', 'bent', 'sent', 'fled', 'bled', 'fed',
  'shot', 'lit', 'got', 'sang', 'rang', 'sank', 'began', 'swam', 'drank', 'ate', 'forbade', 'oversaw', 'foresaw', 'declared',
  'opened', 'closed', 'ended', 'started',
]);
/** Before an -ed word these make it an adjective or a passive participle, not a past verb: "the reduced dividend", "to be completed". */
const NOT_VERB_BEFORE = /\b(?:the|a|an|its|his|her|their|our|this|that|these|those|be|being|to\s+be|newly|recently|previously|now)\s+$/i;
/** Words ending in -ed that are not past verbs. */
const NOT_PAST_ED = /(?:eed|ired|ied|hundred|sacred|naked|wicked|kindred|rugged|ragged|beloved|wretched|crooked)$/;
/** ; : — – ( ) end a clause. */
const isBreak = (c: number): boolean => c === 59 || c === 58 || c === 0x2014 || c === 0x2013 || c === 40 || c === 41;

interface Cue {
  pos: number;
  tense: Exclude<Tense, 'neutral'>;
  /** A reporting verb: read only when the clause has no other cue. */
  frame?: boolean;
}
/** A relative or subordinate clause has its own verb: "…told reporters, citing a meeting which starts at the end of November". */
const CLAUSE_WORD = /\b(?:which|who|whom|whose|where|whereas|while|because|although|though|but|when|citing|ahead\s+of|that)\b/gi;

/** One scan finds every word that could be a cue; the rules below read its neighbours. */
const CUE_WORD = new RegExp(
  `\\b(?:${[...FUTURE, ...PAST, ...SCHEDULE, ...FUTURE_VERB_TO, ...FRAME].map((w) => w.replace(/'/g, "['’]")).join('|')}|[a-z]+['’]ll|[a-z]{3,}ed)\\b`,
  'gi',
);
const BE_BEFORE = /(?:\b(?:is|are|am|been)|['’]s)\s+$/i;
const TO_AFTER = /^\s+to\b/i;
/** The next three words: where a future verb group ("will be held") ends. */
const VERB_GROUP = /^(?:[^A-Za-z]+[A-Za-z]+){0,3}/;

function cuesOf(text: string): Cue[] {
  const cues: Cue[] = [];
  let suppressUntil = -1;
  for (const m of text.matchAll(CUE_WORD)) {
    const start = m.index;
    const end = start + m[0].length;
    const w = m[0].toLowerCase().replace(/’/g, "'");
    const c = text.charCodeAt(start);
    const cap = c >= 65 && c <= 90;
    const future =
      w.endsWith("'ll") ||
      FUTURE.has(w) ||
      (SCHEDULE.has(w) && BE_BEFORE.test(text.slice(Math.max(0, start - 6), start))) ||
      (FUTURE_VERB_TO.has(w) && TO_AFTER.test(text.slice(end, end + 4)));
    if (future) {
      // "may"/"will" as nouns or names are capitalised mid-sentence ("May", "Will Hurd").
      if (cap && start > 0 && (w === 'may' || w === 'will')) continue;
      cues.push({ pos: start, tense: 'future' });
      // The participle of a future verb group ("will be held") is not a past cue.
      suppressUntil = end + VERB_GROUP.exec(text.slice(end, end + 40))![0].length;
      continue;
    }
    if (start < suppressUntil) continue;
    if (FRAME.has(w)) {
      cues.push({ pos: start, tense: 'past', frame: true });
      continue;
    }
    if (PAST.has(w)) cues.push({ pos: start, tense: 'past' });
    else if (!cap && w.length > 4 && w.endsWith('ed') && !NOT_PAST_ED.test(w) && !NOT_VERB_BEFORE.test(text.slice(Math.max(0, start - 12), start))) cues.push({ pos: start, tense: 'past' });
  }
  return cues;
}

/** Tense cues of one sentence, computed once however many dates it holds. */
export class SentenceTense {
  private cues: Cue[] | null = null;
  constructor(private readonly sentence: string) {}

  /** Tense governing the expression at [start, end): the nearest cue in its clause, ignoring cues inside the expression. */
  at(start: number, end: number): Tense {
    const sentence = this.sentence;
    let lo = 0;
    let hi = sentence.length;
    for (let i = start - 1; i >= 0; i--) {
      if (isBreak(sentence.charCodeAt(i))) {
        lo = i + 1;
        break;
      }
    }
    for (let i = end; i < sentence.length; i++) {
      if (isBreak(sentence.charCodeAt(i))) {
        hi = i;
        break;
      }
    }
    for (const m of sentence.slice(lo, hi).matchAll(CLAUSE_WORD)) {
      const at = lo + m.index;
      if (at + m[0].length <= start && at > lo) lo = at;
      else if (at >= end && at < hi) {
        hi = at;
        break;
      }
    }
    this.cues ??= cuesOf(sentence);
    // A reporting verb ends what it reports: "Monday, Trump said Russia can't…" is not dated by "can't".
    let leftFrame = -1;
    let rightFrame = Infinity;
    for (const c of this.cues) {
      if (!c.frame || c.pos < lo || c.pos >= hi) continue;
      if (c.pos < start) leftFrame = Math.max(leftFrame, c.pos);
      else if (c.pos >= end) rightFrame = Math.min(rightFrame, c.pos);
    }
    let best: Cue | null = null;
    let bestDist = Infinity;
    let frame: Cue | null = null;
    let frameDist = Infinity;
    for (const c of this.cues) {
      if (c.pos < lo || c.pos >= hi || (c.pos >= start && c.pos < end)) continue;
      const dist = c.pos < start ? start - c.pos : c.pos - end;
      if (c.frame) {
        if (dist < frameDist) [frame, frameDist] = [c, dist];
      } else if (c.pos > leftFrame && c.pos < rightFrame && dist < bestDist) {
        best = c;
        bestDist = dist;
      }
    }
    return (best ?? frame)?.tense ?? 'neutral';
  }
}

/** Tense governing the expression at [start, end) of `sentence`. */
export function tenseAt(sentence: string, start: number, end: number): Tense {
  return new SentenceTense(sentence).at(start, end);
}
