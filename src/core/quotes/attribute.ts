// Who said each quotation, read from the reporter's sentence around it:
// "…," X said / said X / X said: "…" / according to X / a partial quote's
// sentence subject / the previous quote's speaker / the speaker a previous
// paragraph introduced. Pronouns and "the US president"-style descriptions are
// resolved to the named person they stand for.
import { F_SPEECH, type Mention, type Analysis, type Token } from './analyse.js';
import {
  CHARACTERISING_VERBS, DOCUMENT_WORDS, ORG_WORDS, REPORT_VERBS, SAYING_NOUNS, SELF_DESCRIPTIONS, SUBJECT_VERB_FILLERS, VIA_PATTERNS,
} from './lexicon.js';
import { CREDIT_LINE, type MarkedQuote } from './marks.js';
import type { ArticleNames, ResolvedName } from './speakers.js';
import { budgetFor, lowerBound, work, WorkBudgetExceeded } from './work.js';
import type { Paragraph } from '../types.js';

export interface Attributed {
  q: MarkedQuote;
  speaker: ResolvedName | null;
  mention: Mention | null;
  role: string | null;
  partial: boolean;
  via: string | null;
  /** Sentence(s) around the quote. */
  context: { start: number; end: number };
}

export interface Reported {
  speaker: ResolvedName;
  mention: Mention;
  start: number;
  end: number;
}

interface Found {
  speaker: ResolvedName;
  /** The named mention the speaker was resolved from. */
  mention: Mention;
  /** The words in the sentence that name the speaker (a pronoun, a description or the name). */
  direct?: Mention;
}

const QUOTE_CHARS = /["“”„«»]/;
const SENTENCE_PUNCT = /[:,.!?;—–(\-]$/;
const MAX_SUBJECT_GAP = 8;
/** Candidates looked at before a verb, and titled people looked at either side of a description. */
const MAX_CANDIDATES = 24;
const NEAREST_ROLES = 8;
const PLURAL_VERBS = new Set(['have', 'are', 'were', 'say', 'do', 'tell', 'think', 'believe', 'want', 'claim', 'argue', 'warn', 'insist']);
/** "X, a Democrat, said" / "X, 34, said" / "X, asked about it, replied": a short aside between subject and verb. */
const ASIDE = /^,\s+(?:(?:a|an)\s+[^,;:]{1,60}|[^,;:\s]+(?:\s+[^,;:\s]+){0,2}|(?:who|whose|asked|speaking|writing|responding|when|while|after|before|in|at|on)\b[^;:"“”]{0,120}),\s*$/;

export class Attributor {
  private readonly text: string;
  private readonly tokens: readonly Token[];
  private readonly mentions: readonly Mention[];
  private readonly verbs: number[] = [];
  private readonly resolving = new Set<Mention>();
  private readonly cache = new Map<Mention, Found | null>();
  /** Starts of sentences that introduced a quotation in the next paragraph (filled by attributeAll). */
  private readonly introducers = new Set<number>();
  /** First mention of each sentence (mentions are in text order): sentence k's are [sentStart[k], sentStart[k + 1]). */
  private readonly sentStart: number[];
  /** Organisations outside quotes by their last word, in text order ("the ministry" → "Foreign Ministry"). */
  private readonly orgsByHead = new Map<string, Mention[]>();
  /** Named people with a role outside quotes, by each word of the role, in text order. */
  private readonly titledByWord = new Map<string, Mention[]>();
  private readonly roleWordsOf = new Map<Mention, string[]>();
  private rolesBySpeaker: Map<string, string> | null = null;
  private readonly paraByIndex: Map<number, Paragraph>;
  private readonly budget: number;
  private readonly startSteps: number;

  /** `bound`: the article's budget of steps (work.ts) and the count its extraction started at. */
  constructor(private readonly a: Analysis, private readonly names: ArticleNames, bound?: { start: number; budget: number }) {
    this.text = a.article.text;
    this.tokens = a.tokens;
    this.mentions = a.mentions;
    this.budget = bound?.budget ?? budgetFor(this.text.length);
    this.startSteps = bound?.start ?? work.steps;
    this.tokens.forEach((t, i) => {
      if (t.inQuote) return;
      // "called for a no-fly zone", "called on Obama to act": asking for something, not saying it.
      if (t.lower.startsWith('call') && /^(?:for|on|off|up|in)$/.test(this.tokens[i + 1]?.lower ?? '')) return;
      if (t.f & F_SPEECH && !t.cap) this.verbs.push(i);
      else if (t.lower === 'according' && this.tokens[i + 1]?.lower === 'to') this.verbs.push(i);
    });
    this.sentStart = new Array<number>(a.sentences.length + 1);
    let k = 0;
    for (let s = 0; s <= a.sentences.length; s++) {
      while (k < this.mentions.length && this.mentions[k]!.sentence < s) k++;
      this.sentStart[s] = k;
    }
    for (const m of this.mentions) {
      work.steps++;
      if (m.inQuote) continue;
      if (m.kind === 'org') {
        const head = m.words.at(-1)?.toLowerCase();
        if (head) push(this.orgsByHead, head, m);
      } else if (m.kind === 'name' && m.role) {
        const words = m.role.toLowerCase().split(/[\s.]+/);
        this.roleWordsOf.set(m, words);
        for (const w of new Set(words)) if (w) push(this.titledByWord, w, m);
      }
    }
    this.paraByIndex = new Map(a.article.paragraphs.map((p) => [p.index, p] as const));
  }

  /** Stops an article whose extraction passes its budget (work.ts): it is skipped and reported, the rest served. */
  private check(): void {
    const used = work.steps - this.startSteps;
    if (used > this.budget) throw new WorkBudgetExceeded(used, this.budget);
  }

  private sentenceIndexAt(pos: number): number {
    const ss = this.a.sentences;
    let lo = 0;
    let hi = ss.length - 1;
    while (lo < hi) {
      work.steps++;
      const mid = (lo + hi + 1) >> 1;
      if (ss[mid]!.s <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** What a mention stands for: a name, an organisation, or the person a pronoun/description refers to. */
  resolve(m: Mention, asSpeaker: boolean): Found | null {
    if (m.kind === 'name' || m.kind === 'org') {
      const r = this.names.resolve(m, asSpeaker);
      return r ? { speaker: r, mention: m } : null;
    }
    if (this.cache.has(m)) return this.cache.get(m)!;
    // A cycle, or a chain of pronouns too long to trust (and to recurse through on a huge article).
    if (this.resolving.has(m) || this.resolving.size >= 16) return null;
    this.resolving.add(m);
    const found = m.kind === 'pronoun' ? (m.words[0] === 'it' ? this.nearestOrganisation(m) : this.resolvePronoun(m)) : this.resolveDescription(m);
    this.resolving.delete(m);
    this.cache.set(m, found);
    return found;
  }

  private personAt(c: Mention, pronoun: Mention): Found | null {
    // "In a letter to Obama, Warren said …; she": a name after a preposition is not who "she" continues.
    if (c.inQuote || c.s >= pronoun.s || c.object) return null;
    if (c.kind === 'pronoun' && c.female !== pronoun.female) return null;
    if (c.kind === 'org') return null;
    let f = this.resolve(c, false);
    if (!f || f.speaker.kind !== 'person') {
      const lone = !c.poss && c.kind === 'name' ? this.names.lonePerson(c) : null;
      if (!lone) return null;
      f = { speaker: lone, mention: c };
    }
    if (pronoun.female !== null && f.mention.female !== null && f.mention.female !== pronoun.female) return null;
    // "Ruhle asked Flynn …. He": the first name tells Stephanie Ruhle is not "he".
    if (pronoun.female !== null && f.speaker.female != null && f.speaker.female !== pronoun.female) return null;
    return f;
  }

  /** he/she: the subject of this sentence before it, else of the nearest earlier sentence naming a person. */
  private resolvePronoun(m: Mention): Found | null {
    const lo = Math.max(0, m.sentence - 6);
    for (let s = m.sentence; s >= lo; s--) {
      let poss: Found | null = null;
      for (let k = this.sentStart[s]!; k < this.sentStart[s + 1]!; k++) {
        work.steps++;
        const c = this.mentions[k]!;
        if (c.s >= m.s) break;
        const f = this.personAt(c, m);
        if (!f) continue;
        if (!c.poss) return f;
        poss ??= f;
      }
      if (poss) return poss;
      // "The mother of a girl who … said …. '…,' she said. The girl's mother, Rosa Delgado, …": an unnamed
      // person the sentence opens with, named a sentence or two later, is who "she" continues.
      const named = this.namedLater(s, m);
      if (named) return named;
    }
    return null;
  }

  /** The person a sentence opening "The <noun> of a …"/"A <noun> who …" describes, named in the next sentences by "<the|his|X's> <noun>, Name". */
  private namedLater(si: number, pronoun: Mention): Found | null {
    const sn = this.a.sentences[si]!;
    const d = DESCRIBED_SUBJECT.exec(this.text.slice(sn.s, Math.min(sn.e, sn.s + 80)));
    if (!d) return null;
    const noun = d[1]!.toLowerCase();
    for (let k = si; k <= Math.min(this.a.sentences.length - 1, pronoun.sentence + 2); k++) {
      const t = this.a.sentences[k]!;
      if (t.para !== sn.para && t.para !== pronoun.para) break;
      const re = new RegExp(`\\b(?:the|his|her|their|its|[\\p{L}-]+['’]s)\\s+(?:[\\p{Ll}-]+\\s+)?${noun},\\s+`, 'giu');
      const body = this.text.slice(t.s, t.e);
      for (let x = re.exec(body); x; x = re.exec(body)) {
        work.steps++;
        const at = t.s + x.index + x[0].length;
        const c = this.mentions[lowerBound(this.mentions, at, (n) => n.s)];
        if (!c || c.s !== at || c.kind !== 'name' || c.inQuote) continue;
        const f = this.resolve(c, false) ?? (c.words.length === 1 ? (() => {
          const lone = this.names.lonePerson(c);
          return lone ? { speaker: lone, mention: c } : null;
        })() : null);
        if (!f || f.speaker.kind !== 'person') continue;
        if (pronoun.female !== null && f.speaker.female != null && f.speaker.female !== pronoun.female) continue;
        return f;
      }
    }
    return null;
  }

  /**
   * "it said in a statement", "the company said": the organisation that is the subject of this sentence
   * or of one of the two before it. Only a subject counts, and only an organisation: a name is one when
   * the article treats it as a thing ("Meridian Pharma, which makes …", "… said it would …").
   */
  private nearestOrganisation(m: Mention): Found | null {
    for (let s = m.sentence; s >= Math.max(0, m.sentence - 2); s--) {
      for (let k = this.sentStart[s]!; k < this.sentStart[s + 1]!; k++) {
        work.steps++;
        const c = this.mentions[k]!;
        if (c.s >= m.s) break;
        if (c.inQuote || c.poss) continue;
        // "Members of the X Coalition marched": the organisation whose people are the subject.
        if (c.object && !(c.kind === 'org' && MEMBERS_OF.test(this.text.slice(Math.max(0, c.s - 40), c.s)))) continue;
        if (c.kind === 'org') {
          const r = this.names.resolve(c, true);
          if (r) return { speaker: r, mention: c };
        } else if (c.kind === 'name' && this.thingLike(c)) {
          const r = this.names.resolve(c, true);
          if (r) return { speaker: { ...r, kind: 'organisation' }, mention: c };
        }
        // The sentence's subject is someone else: not an organisation's sentence ("Members" names nobody).
        if (this.names.resolve(c)) break;
      }
    }
    return null;
  }

  /** A name the article refers back to as a thing: "X, which …", "X said it …", "X said on Friday that its …". */
  private thingLike(c: Mention): boolean {
    const after = this.text.slice(c.e, c.e + 120);
    return /^,\s+which\b/.test(after) || /^(?:,[^,;"“”]{1,80},)?\s+(?:\w+\s+){0,2}?(?:said|says|announced|added|stated)\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:it|its)\b/.test(after);
  }

  /** "the US president": the person the article gives that title, nearest before it. */
  private resolveDescription(m: Mention): Found | null {
    const [head, ...mods] = m.words;
    // "the report said": whoever the article says issued the report.
    if (DOCUMENT_WORDS.has(head!)) return this.issuerOf(head!, m);
    if (ORG_WORDS.has(head!)) {
      // "the ministry": the nearest organisation named with that word.
      const orgs = this.orgsByHead.get(head!) ?? [];
      const org = orgs[lowerBound(orgs, m.s, (c) => c.s) - 1] ?? null;
      const f = org ? this.names.resolve(org) : null;
      // "Meridian Pharma, which makes …, said …. '…,' the company said": else the organisation just named.
      return f && org ? { speaker: f, mention: org } : this.nearestOrganisation(m);
    }
    let best: Found | null = null;
    let bestScore = -Infinity;
    // The titled people nearest either side: the best fit is always near (news reintroduces people).
    const titled = this.titledByWord.get(head!) ?? [];
    const at = lowerBound(titled, m.s, (c) => c.s);
    for (let k = Math.max(0, at - NEAREST_ROLES); k < Math.min(titled.length, at + NEAREST_ROLES); k++) {
      work.steps++;
      const c = titled[k]!;
      const roleWords = this.roleWordsOf.get(c)!;
      const f = this.names.resolve(c);
      if (!f || f.kind !== 'person') continue;
      const extra = roleWords.filter((x) => x && x !== head && !mods.includes(x)).length;
      const agree = mods.filter((x) => roleWords.includes(x)).length - mods.filter((x) => !roleWords.includes(x)).length * 0.5 - extra * 0.3;
      const before = c.s < m.s;
      const score = agree * 10 + (before ? 5 : 0) - Math.abs(m.s - c.s) / 10000;
      if (score > bestScore) {
        bestScore = score;
        best = { speaker: f, mention: c };
      }
    }
    // "Texas Rep. Mike McCaul said …. '…,' the Republican lawmaker told Fox News": with no one given that
    // title, a description of the kind of person just named stands for them, as a pronoun would.
    if (!best && SELF_DESCRIPTIONS.has(head!)) return this.lastSayer(m);
    return best;
  }

  /** The person the last verb of saying in the two sentences before `m` attributes to. */
  private lastSayer(m: Mention): Found | null {
    const si = this.sentenceIndexAt(m.s);
    for (let k = si - 1; k >= Math.max(0, si - 2); k--) {
      const sn = this.a.sentences[k]!;
      for (const v of this.verbsIn(sn.s, sn.e).reverse()) {
        if (this.tokens[v]!.lower === 'according') continue;
        const f = this.subjectBefore(v, sn.s, 14) ?? this.subjectAfter(v, sn.e);
        if (f && f.speaker.kind === 'person') return f;
      }
    }
    return null;
  }

  /** Who issued the document a description names: "Warren issued a report … the report said" → Warren. */
  private issuerOf(head: string, m: Mention): Found | null {
    const from = Math.max(0, m.s - 4000);
    const re = new RegExp(`\\b(?:issued|released|published|wrote|sent|filed|put out|commissioned)\\s+(?:a|an|the|her|his|its|their)\\s+(?:[\\w-]+\\s+){0,3}?${head}\\b`, 'gi');
    const window = this.text.slice(from, m.s);
    let last: RegExpExecArray | null = null;
    for (let x = re.exec(window); x; x = re.exec(window)) {
      work.steps++;
      last = x;
    }
    if (!last) return null;
    const v = this.tokenIndexAt(from + last.index);
    const vs = this.a.sentences[this.sentenceIndexAt(from + last.index)]!;
    return this.subjectBefore(v, vs.s, 14);
  }

  private mentionsIn(s: number, e: number): Mention[] {
    const out: Mention[] = [];
    for (let k = lowerBound(this.mentions, s, (m) => m.s); k < this.mentions.length; k++) {
      work.steps++;
      const m = this.mentions[k]!;
      if (m.s >= e) break;
      if (m.e <= e && !m.inQuote) out.push(m);
    }
    return out;
  }

  private tokenIndexAt(pos: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      work.steps++;
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.s < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The speaker written before a verb of saying ("Coats said", "Michael McFaul, former …, said"). */
  private subjectBefore(v: number, windowStart: number, maxGap = MAX_SUBJECT_GAP): Found | null {
    const verb = this.tokens[v]!;
    // The subject stands within a few words of its verb: only the nearest candidates are looked at.
    const all = this.mentionsIn(windowStart, verb.s);
    const cands = all.length > MAX_CANDIDATES ? all.slice(-MAX_CANDIDATES) : all;
    for (let k = cands.length - 1; k >= 0; k--) {
      let c = cands[k]!;
      // Inside an apposition ("X, former ambassador under Y, said"): the subject is X.
      let host: Mention | undefined;
      for (let h = 0; h < k && !host; h++) {
        work.steps++;
        const x = cands[h]!;
        if (x.appositionEnd !== null && x.e <= c.s && x.appositionEnd >= c.e) host = x;
      }
      if (host) c = host;
      const gap = this.tokenIndexAt(verb.s) - this.tokenIndexAt(c.e);
      const between = this.text.slice(c.e, verb.s);
      // "X, a Democrat, said": a short aside between subject and verb.
      // "X, a Democrat, said", "X, 34, said", "X, D-Texas, said": a short aside between subject and verb.
      // "Sen. Ron Johnson (R-Wis.), who told …" and "Rep. Jane Roe (D-Mo.) said": a tag or a relative clause.
      const aside = ASIDE.test(between) || /^\s*(?:\([^()]{1,30}\)\s*)?(?:,\s+who\s+(?:[\p{Ll}]+\s+){0,2})?$/u.test(between) && between.trim() !== '';
      const apposed = aside || host !== undefined || (c.appositionEnd !== null && c.appositionEnd <= verb.s + 1);
      if (!apposed && (gap > maxGap || QUOTE_CHARS.test(between) || /[,;:]/.test(between.replace(/^['’]s\b/, '')))) return null;
      if (c.poss) continue;
      // "Biden, in an interview with CNN, blurted out": a name after a preposition is not the subject.
      if (c.object && !apposed) continue;
      // Only adverbs, auxiliaries and time words may stand between subject and verb ("US intelligence officials said" has no named subject).
      if (!apposed && !this.fillersOnly(this.tokenIndexAt(c.e), this.tokenIndexAt(verb.s))) return null;
      const f = this.resolve(c, true);
      // "Passengers have said": a lone unknown capitalised word with a plural verb is a common noun.
      if (f && c.kind === 'name' && f.speaker.kind === 'organisation' && PLURAL_VERBS.has(this.tokens[this.tokenIndexAt(c.e)]?.lower ?? '')) return null;
      if (f) return { ...f, direct: c };
      if (c.kind !== 'desc') return null;
    }
    return null;
  }

  private fillersOnly(from: number, to: number): boolean {
    for (let i = from; i < to; i++) {
      work.steps++;
      const t = this.tokens[i]!;
      if (!SUBJECT_VERB_FILLERS.has(t.lower) && !t.cap && !/^\d/.test(t.w)) return false;
    }
    return true;
  }

  /** The speaker written after the verb ("said Putin", "tweeted US House … chairman Adam Schiff"). */
  private subjectAfter(v: number, windowEnd: number): Found | null {
    const verb = this.tokens[v]!;
    const from = this.tokens[v]!.lower === 'according' ? this.tokens[v + 1]!.e : verb.e;
    for (const c of this.mentionsIn(from, windowEnd)) {
      // Abbreviated titles ("Rep.", "Sen.") are not the end of the clause.
      const between = this.text.slice(from, c.s).replace(/\b\p{Lu}\p{Ll}{0,3}\./gu, '');
      if (/[,;:.]/.test(between) || this.tokenIndexAt(c.s) - v > 12) return null;
      if (c.kind === 'pronoun') return null;
      // "tweeted US House Intelligence Committee chairman Adam Schiff": the committee is part of his title.
      let next: Mention | undefined;
      for (let k = lowerBound(this.mentions, c.e + 1, (n) => n.s); k < this.mentions.length && !next; k++) {
        work.steps++;
        const n = this.mentions[k]!;
        if (n.s >= windowEnd) break;
        if (n.kind === 'name' && !n.inQuote) next = n;
      }
      if (c.kind === 'org' && next && next.role && next.s < windowEnd && /^[\s\p{Ll}]*$/u.test(this.text.slice(c.e, next.s))) {
        const f = this.resolve(next, true);
        if (f) return { ...f, direct: next };
      }
      const f = this.resolve(c, true);
      return f ? { ...f, direct: c } : null;
    }
    return null;
  }

  private verbsIn(s: number, e: number): number[] {
    const out: number[] = [];
    for (let k = lowerBound(this.verbs, s, (v) => this.tokens[v]!.s); k < this.verbs.length; k++) {
      work.steps++;
      const t = this.tokens[this.verbs[k]!]!;
      if (t.s >= e) break;
      if (t.e <= e) out.push(this.verbs[k]!);
    }
    return out;
  }

  private via(s: number, e: number): string | null {
    const t = this.text.slice(s, e);
    for (const [re, name] of VIA_PATTERNS) if (re.test(t)) return name;
    return null;
  }

  /** Attribute every quotation of the article, in order. */
  attributeAll(): Attributed[] {
    const out: Attributed[] = [];
    const { text } = this;
    const quotes = this.a.quotes;
    for (let qi = 0; qi < quotes.length; qi++) {
      const q = quotes[qi]!;
      this.check();
      const si = this.sentenceIndexAt(q.open);
      const sent = this.a.sentences[si]!;
      const endSent = this.a.sentences[this.sentenceIndexAt(q.close)]!;
      const prevQ = out.length ? out[out.length - 1]! : null;
      const prevInSentence = prevQ && prevQ.q.close > sent.s && prevQ.q.close < q.open ? prevQ : null;
      const preStart = prevInSentence ? prevInSentence.q.close + 1 : sent.s;
      const pre = text.slice(preStart, q.open);
      let nextQ: MarkedQuote | undefined;
      for (let k = qi + 1; k < quotes.length && !nextQ; k++) {
        work.steps++;
        if (quotes[k]!.open > q.close) nextQ = quotes[k];
      }
      const postEnd = Math.min(endSent.e, nextQ && nextQ.open < endSent.e ? nextQ.open : Infinity);
      const content = text.slice(q.start, q.end);
      const preTrim = text.slice(sent.s, q.open).trimEnd();
      const preChar = preTrim.slice(-1);
      const preVerbs = this.verbsIn(preStart, q.open);
      const lastPreVerb = preVerbs.at(-1);
      const verbJustBefore = lastPreVerb !== undefined && this.tokenIndexAt(q.open) - lastPreVerb <= 1;
      const capitalStart = /^[\s'‘’"“…(\[]*[\p{Lu}\d]/u.test(content);
      let partial = !(capitalStart && (!preTrim || SENTENCE_PUNCT.test(preChar) || verbJustBefore || /["”’']$/.test(preChar)));
      // "A," she said, "b." : the second half continues a full quotation.
      if (prevInSentence && !prevInSentence.partial && preVerbs.length && /,\s*$/.test(pre)) partial = false;

      let found: Found | null = null;
      let viaFrom: [number, number] | null = null;
      const tryIntro = () => {
        if (!/[:,]\s*$/.test(pre) || lastPreVerb === undefined) {
          // "Trump: 'We will win'" and "Whitfield then turned to reporters: '…'": the sentence's subject introduces it.
          if (/:\s*$/.test(pre)) return trySubject();
          return null;
        }
        if (this.tokenIndexAt(q.open) - lastPreVerb > 6) return null;
        return this.subjectBefore(lastPreVerb, preStart);
      };
      const tryPost = () => {
        let end = postEnd;
        if (end <= q.close + 1) {
          // '"…." Marsh said.' : a sloppy full stop before a bare attribution.
          const next = this.a.sentences[this.sentenceIndexAt(q.close) + 1];
          if (!next || next.para !== endSent.para || !/^\s*$/.test(text.slice(q.close + 1, next.s))) return null;
          const n = this.tokenIndexAt(next.e) - this.tokenIndexAt(next.s);
          if (n > 6 || (nextQ && nextQ.open < next.e)) {
            // '"…?" Mr. Burton fumed, using …': a question or exclamation ends the quote's sentence, and a
            // name with its verb opening the next sentence still attributes it.
            if (!/[?!]$/.test(content.trimEnd())) return null;
            const v = this.verbsIn(next.s, next.e)[0];
            if (v === undefined || v - this.tokenIndexAt(next.s) > 5 || (nextQ && nextQ.open < this.tokens[v]!.s)) return null;
            end = this.tokens[v]!.e;
          } else end = next.e;
        }
        const postEnd2 = end;
        const vs = this.verbsIn(q.close + 1, postEnd2);
        const v = vs[0];
        if (v === undefined || v - this.tokenIndexAt(q.close) > 12) return null;
        // A fragment must end its clause ("…," or ", said") for the words after it to attribute it.
        if (partial && !/^\s*[,—–]/.test(text.slice(q.close + 1, postEnd2)) && !/[,.!?…]$/.test(content)) return null;
        const t = this.tokens[v]!;
        if (t.lower === 'according') return this.subjectAfter(v, postEnd2);
        // Inverted order ("…," said X) only when the verb comes straight after the quotation.
        const straight = v === this.tokenIndexAt(q.close + 1);
        return this.subjectBefore(v, q.close + 1) ?? (straight ? this.subjectAfter(v, postEnd2) : null);
      };
      const tryPreVerb = () => {
        for (let k = preVerbs.length - 1; k >= 0; k--) {
          const v = preVerbs[k]!;
          // "According to Vermeer, the inquiry 'took four years'": the name after "according to".
          if (this.tokens[v]!.lower === 'according') {
            const f = this.subjectAfter(v, q.open);
            if (f) return f;
            continue;
          }
          const f = this.subjectBefore(v, sent.s, 14);
          if (f) return f;
          // "Putin was quoted as saying …": a participle belongs to the clause's subject, written before it.
          if (this.tokens[v]!.lower.endsWith('ing')) return trySubject(this.tokens[v]!.s);
        }
        return null;
      };
      const trySubject = (before = q.open) => {
        for (const c of this.mentionsIn(sent.s, before)) {
          if (c.poss || c.object) continue;
          const f = this.resolve(c, false);
          if (f) return f;
        }
        return null;
      };
      // "Clinton's allegations of a '…'", "in Warren's words, '…'": a possessive before a noun of saying.
      const tryPossessive = () => {
        const cands = this.mentionsIn(sent.s, q.open);
        for (let k = cands.length - 1; k >= 0 && k >= cands.length - 4; k--) {
          const c = cands[k]!;
          if (!c.poss) continue;
          const after = text.slice(c.e, q.open);
          const m = /^(?:['’]s?)?\s+(?:[\p{Ll}-]+\s+){0,1}?([\p{Ll}]+)\b([^"“”.;:!?]{0,30})$/u.exec(after);
          if (!m || !SAYING_NOUNS.has(m[1]!)) continue;
          const f = this.resolve(c, false);
          if (f) return f;
        }
        return null;
      };
      // A sign, banner or label "reading" the words: display text, whoever's display it is ("read one of the
      // group's banners"); with no owner named it is nobody's words, not a quotation.
      // A pull-quote whose closing mark came after its credit line: the line names the speaker.
      const credited = q.credit ? this.creditLine(q.credit.start, q.credit.end) : null;
      const display = credited ? null : this.displayCue(text.slice(sent.s, q.open), q.open, text.slice(q.close + 1, endSent.e), q.close + 1);
      if (display === 'none') continue;
      const attempts = credited ? [() => credited] : display ? [() => display] : partial ? [tryPreVerb, tryPost, tryPossessive, trySubject] : [tryIntro, tryPost, tryPreVerb, tryPossessive];
      let foundBy: (() => Found | null) | null = null;
      for (const f of attempts) {
        found = f();
        if (found) {
          foundBy = f;
          viaFrom = f === tryPost ? [q.close + 1, Math.max(postEnd, endSent.e)] : [sent.s, q.open];
          break;
        }
      }
      // An interview: "'…?' she asked" is the interviewer's, even when the last one named is the interviewee.
      if (found && found.direct?.kind === 'pronoun' && isQuestion(content)) {
        const asker = this.lastAsker(out, found.direct);
        if (asker && asker.speaker.id !== found.speaker.id) found = asker;
      }
      let via: string | null = null;
      let inherited: Attributed | null = null;
      // A quote continues the previous speaker only when its own sentence names no other (no verb of saying).
      const postVerbs = this.verbsIn(q.close + 1, postEnd);
      const ownVerb = preVerbs.length > 0 || postVerbs.length > 0;
      const para = this.paraByIndex.get(q.paragraphIndex)!;
      // A headline or crosshead ("OBAMA FOCUSED 'ON HIS GOLF GAME'"): it names the subject, not the speaker.
      const headline = q.paragraphIndex === q.lastParagraphIndex && !/[.!?…]["”’']?\s*$/.test(para.text) && countWordsIn(para.text) <= 14;
      // ("Marsh: treaty 'fair to both sides'" names its speaker before the colon, as headlines do.)
      if (headline && !ownVerb && !/^[^:"“”]{1,40}:/.test(para.text)) {
        out.push({ q, speaker: null, mention: null, role: null, partial, via: null, context: { start: sent.s, end: Math.max(endSent.e, q.close + 1) } });
        continue;
      }
      // A short phrase in marks with no speech cue and no speaker ("safe zones", a "quid pro quo",
      // the "Central Park Five") is a term or a name, not somebody's words.
      // With nobody found, a verb of saying elsewhere in the sentence ("cannot say what "dark matter" is")
      // does not make a term somebody's words; one right before or after the marks would.
      const termCue = ownVerb || this.verbsIn(sent.s, q.open).length > 0;
      // It does when the term is what is talked about ("discussion of a "quid pro quo"") or asked about
      // ("cannot say what "dark matter" is"), not what was said ("said he had "full confidence"").
      const sincePreVerb = lastPreVerb !== undefined ? text.slice(this.tokens[lastPreVerb]!.e, q.open) : '';
      const looseCue = !found && postVerbs.length === 0 && !verbJustBefore
        && (/\b(?:what|whether|how|why|where|which)\b/i.test(sincePreVerb) || /\b(?:of|about|over|on)\s+(?:(?:a|an|the)\s+)?$/i.test(sincePreVerb));
      if ((!found || foundBy === trySubject) && partial && isTermLike(content) && (!termCue || looseCue) && !this.characterised(sent.s, q.open) && !/^[^:"“”]{1,40}:/.test(text.slice(sent.s, q.open))) continue;
      if (!found && !ownVerb && prevQ && prevQ.q.lastParagraphIndex === q.paragraphIndex) {
        inherited = prevQ;
      }
      // '…, said Bart Naylor. "It would avoid a big Senate fight."': a quote that is its whole sentence
      // continues the speaker the sentence before it, in the same paragraph, attributes.
      if (!found && !inherited && !ownVerb && !text.slice(sent.s, q.open).trim() && !/[\p{L}\p{N}]/u.test(text.slice(q.close + 1, endSent.e)) && si > 0) {
        const prevSent = this.a.sentences[si - 1]!;
        if (prevSent.para === sent.para && !(prevQ && prevQ.q.close > prevSent.s)) {
          for (const v of this.verbsIn(prevSent.s, prevSent.e).reverse()) {
            if (this.tokens[v]!.lower === 'according') continue;
            const f = this.subjectBefore(v, prevSent.s, 14) ?? this.subjectAfter(v, prevSent.e);
            if (f) {
              found = f;
              viaFrom = [prevSent.s, prevSent.e];
              this.introducers.add(prevSent.s);
              break;
            }
          }
          // "Whitlock then turned to the deficit. '…?'": a bare question after a sentence about the interviewer.
          if (!found && isQuestion(content)) {
            const asker = this.lastAsker(out, null);
            const subject = this.mentionsIn(prevSent.s, prevSent.e).find((c) => !c.object && !c.poss);
            const f = asker && subject ? this.resolve(subject, false) : null;
            if (f && asker && f.speaker.id === asker.speaker.id) {
              found = f;
              viaFrom = [prevSent.s, prevSent.e];
            }
          }
        }
      }
      const quoteOnly = !found && !inherited && !text.slice(para.start, q.open).trim() && !/[\p{L}\p{N}]/u.test(text.slice(q.close + 1, this.paraByIndex.get(q.lastParagraphIndex)!.end));
      // A pull-quote or crosshead in a paragraph of its own, then its credit line ("Dr. Helen Ames, Mercy General").
      const creditPara = quoteOnly ? this.paraByIndex.get(q.lastParagraphIndex + 1) : undefined;
      const creditFound = creditPara ? this.creditLine(creditPara.start, creditPara.end) : null;
      if (creditFound && creditPara) {
        found = creditFound;
        viaFrom = [creditPara.start, creditPara.end];
      } else if (quoteOnly) {
        const prevPara = this.paraByIndex.get(q.paragraphIndex - 1);
        if (prevPara) {
          let lastQ: Attributed | undefined;
          for (let k = out.length - 1; k >= 0 && !lastQ && out[k]!.q.lastParagraphIndex >= prevPara.index; k--) {
            work.steps++;
            if (out[k]!.q.lastParagraphIndex === prevPara.index) lastQ = out[k];
          }
          // "Ruhle pressed Flynn on Russia. '…?' she said." then a bare quote paragraph: Flynn's answer.
          const asked = lastQ?.speaker && isQuestion(text.slice(lastQ.q.start, lastQ.q.end)) ? lastQ.speaker : null;
          // …or, a question before it, the one who answered that questioner last.
          const answerer = lastQ?.speaker ? this.addressee(prevPara, lastQ.speaker) ?? (asked ? this.lastAnswerer(out, asked) : null) : null;
          if (answerer) {
            found = answerer;
            viaFrom = [prevPara.start, prevPara.end];
          } else if (asked) {
            // A bare paragraph after a question is its answer, never the questioner's: with no answerer known, nobody's.
          } else if (lastQ?.speaker) inherited = lastQ;
          else {
            for (const v of this.verbsIn(prevPara.start, prevPara.end).reverse()) {
              if (this.tokens[v]!.lower === 'according') continue;
              const vs = this.a.sentences[this.sentenceIndexAt(this.tokens[v]!.s)]!;
              const f = this.subjectBefore(v, Math.max(vs.s, prevPara.start), 14);
              if (f) {
                found = f;
                viaFrom = [vs.s, vs.e];
                this.introducers.add(vs.s);
                break;
              }
            }
          }
        }
      }
      if (inherited) {
        found = inherited.speaker && inherited.mention ? { speaker: inherited.speaker, mention: inherited.mention } : null;
        via = inherited.via;
      } else if (viaFrom) {
        via = this.via(viaFrom[0], viaFrom[1]);
      }
      const role = found ? this.roleFor(found) : null;
      out.push({
        q,
        speaker: found?.speaker ?? null,
        mention: found?.mention ?? null,
        role,
        partial,
        via,
        context: { start: sent.s, end: Math.max(endSent.e, q.close + 1) },
      });
    }
    return out;
  }

  /** The person a pull-quote's credit line names, when the line is only a name and a role and the name is a person's. */
  private creditLine(s: number, e: number): Found | null {
    const line = this.text.slice(s, e);
    const c = CREDIT_LINE.exec(line);
    if (!c || this.verbsIn(s, e).length) return null;
    const at = s + line.indexOf(c[1]!);
    const hon = /^(Dr|Mr|Mrs|Ms|Sen|Rep|Gov|Prof|Sir|Dame)\.?\s+/.exec(c[1]!);
    const nameAt = at + (hon ? hon[0].length : 0);
    const words = c[1]!.slice(hon ? hon[0].length : 0).split(/\s+/);
    if (words.length < 2) return null;
    // The line's own mention when it is one (a full stop makes it prose-like); else one read from the line.
    const own = this.mentions[lowerBound(this.mentions, nameAt, (x) => x.s)];
    const m: Mention = own && own.s === nameAt && own.kind === 'name' && !own.weak && own.words.length >= 2 ? own : {
      kind: 'name', s: nameAt, e: nameAt + c[1]!.length - (hon ? hon[0].length : 0), t0: -1, t1: -1, surface: words.join(' '), words,
      honorific: hon ? hon[1]!.toLowerCase() : null, role: null, poss: false, inQuote: false, para: own?.para ?? -1, sentence: -1,
      female: null, definite: false, weak: false, appositionEnd: null,
    };
    const r = this.names.resolve(m, false);
    return r && r.kind === 'person' ? { speaker: r, mention: m } : null;
  }

  /** Display text (signs, banners, labels): its owner, 'none' when no owner is named, null when not display text. */
  private displayCue(pre: string, preEnd: number, post: string, postStart: number): Found | 'none' | null {
    let span: [number, number] | null = null;
    const a = DISPLAY_BEFORE.exec(pre);
    if (a) span = [preEnd - pre.length + a.index, preEnd];
    else {
      const b = DISPLAY_AFTER.exec(post);
      if (b) span = [postStart, postStart + b[0].length];
    }
    if (!span) return null;
    for (const c of this.mentionsIn(span[0], span[1])) {
      if (!c.poss) continue;
      const f = this.resolve(c, true);
      if (f) return f;
    }
    return 'none';
  }

  /** Whether a characterising verb ("dismissed it as", "branded") stands in the sentence before the quote. */
  private characterised(s: number, e: number): boolean {
    for (let k = this.tokenIndexAt(s); k < this.tokens.length && this.tokens[k]!.s < e; k++) {
      work.steps++;
      if (CHARACTERISING_VERBS.has(this.tokens[k]!.lower)) return true;
    }
    return false;
  }

  /** The named speaker of the latest question among the last quotes, when a pronoun cue may be them. */
  private lastAsker(out: readonly Attributed[], pronoun: Mention | null): Found | null {
    for (let k = out.length - 1; k >= Math.max(0, out.length - INTERVIEW_WINDOW); k--) {
      work.steps++;
      const x = out[k]!;
      if (!x.speaker || !x.mention || !isQuestion(this.text.slice(x.q.start, x.q.end))) continue;
      if (pronoun?.female != null && x.speaker.female != null && x.speaker.female !== pronoun.female) return null;
      if (x.speaker.kind !== 'person') return null;
      return { speaker: x.speaker, mention: x.mention };
    }
    return null;
  }

  /** The latest speaker other than the questioner who answered (said something not a question) among the last quotes. */
  private lastAnswerer(out: readonly Attributed[], asker: ResolvedName): Found | null {
    for (let k = out.length - 1; k >= Math.max(0, out.length - INTERVIEW_WINDOW); k--) {
      work.steps++;
      const x = out[k]!;
      if (!x.speaker || !x.mention || x.speaker.id === asker.id || x.speaker.kind !== 'person') continue;
      if (isQuestion(this.text.slice(x.q.start, x.q.end))) continue;
      return { speaker: x.speaker, mention: x.mention };
    }
    return null;
  }

  /** In an interview paragraph, the person the speaker questions ("Ruhle pressed Flynn", "she asked Adeyemi"). */
  private addressee(p: Paragraph, asker: ResolvedName): Found | null {
    const re = /\b(?:asked|asks|pressed|presses|questioned|questions|challenged|challenges|quizzed|interviewed|interviews)\s+/g;
    const t = this.text.slice(p.start, p.end);
    for (let x = re.exec(t); x; x = re.exec(t)) {
      work.steps++;
      const at = p.start + x.index + x[0].length;
      const c = this.mentions[lowerBound(this.mentions, at, (m) => m.s)];
      if (!c || c.s !== at || c.inQuote || c.kind === 'pronoun') continue;
      const f = this.resolve(c, false);
      if (f && f.speaker.kind === 'person' && f.speaker.id !== asker.id) return f;
    }
    return null;
  }

  /** The role this article gives the speaker (from the mention, else any mention of the same person). */
  roleFor(f: Found): string | null {
    if (f.mention.kind === 'name' && f.mention.role) return f.mention.role;
    if (!this.rolesBySpeaker) {
      // One pass, the first time a role is asked for: the first role the article gives each person.
      this.rolesBySpeaker = new Map();
      for (const m of this.mentions) {
        work.steps++;
        if (m.kind !== 'name' || !m.role || m.inQuote) continue;
        const r = this.names.resolve(m);
        if (r && !this.rolesBySpeaker.has(r.id)) this.rolesBySpeaker.set(r.id, m.role);
      }
    }
    return this.rolesBySpeaker.get(f.speaker.id) ?? null;
  }

  /** Indirect statements: a sentence without quotation marks whose subject is a named speaker of a reporting verb. */
  reported(): Reported[] {
    const out: Reported[] = [];
    const quotes = this.a.quotes;
    for (const s of this.a.sentences) {
      this.check();
      const t = this.text.slice(s.s, s.e);
      if (QUOTE_CHARS.test(t)) continue;
      // Quotations are in text order and do not overlap: only the first closing at or after the sentence can overlap it.
      const k = lowerBound(quotes, s.s, (q) => q.close);
      if (k < quotes.length && quotes[k]!.open < s.e) continue;
      // "X said the following:" introduces a quotation; it reports nothing itself.
      if (/:\s*$|\bthe following\b/i.test(t)) continue;
      const vs = this.verbsIn(s.s, s.e).filter((v) => REPORT_VERBS.has(this.tokens[v]!.lower));
      const issued = /\bissued an? (?:\w+ )?statement\b/.exec(t);
      // A sentence that introduced the next paragraph's quotation reports nothing itself.
      if (this.introducers.has(s.s)) continue;
      let found: Found | null = null;
      for (const v of vs) {
        if (this.tokenIndexAt(s.e) - v < 3) continue;
        found = this.subjectBefore(v, s.s, 4);
        if (found) break;
      }
      if (!found && issued) {
        const v = this.tokenIndexAt(s.s + issued.index);
        const cands = this.mentionsIn(s.s, this.tokens[v]!.s).filter((m) => !m.poss);
        const c = cands.at(-1);
        if (c && v - this.tokenIndexAt(c.e) <= 4) found = this.resolve(c, true);
      }
      if (!found || found.direct?.kind === 'pronoun') continue;
      out.push({ speaker: found.speaker, mention: found.mention, start: s.s, end: s.e });
    }
    return out;
  }
}


/** A sentence opening with an unnamed person: "The mother of a …", "A man who …". */
const DESCRIBED_SUBJECT = /^["“]?(?:The|A|An)\s+(?:[\p{Ll}-]+\s+){0,2}?(\p{Ll}[\p{Ll}-]+)\s+(?:of\s+(?:a|an|the|his|her|their|two|three)\b|who\b)/u;
const MEMBERS_OF = /\b(?:members|supporters|staff|workers|employees|officials|volunteers|activists|protesters|representatives|lawyers)\s+(?:of|from|at)\s+(?:the\s+)?$/i;
const DISPLAY_NOUN = '(?:sign|banner|placard|poster|notice|label|plaque|sticker|billboard|t-shirt|badge)s?';
const DISPLAY_VERB = '(?:read|reads|reading|said|says|saying|proclaimed|proclaims|proclaiming|declared|declaring|bore|bearing)';
const DISPLAY_BEFORE = new RegExp(`\\b${DISPLAY_NOUN}\\b[^"“”.;]{0,60}?\\b${DISPLAY_VERB}\\s*:?\\s*$`, 'i');
const DISPLAY_AFTER = new RegExp(`^[\\s,.]*${DISPLAY_VERB}\\s+(?:[^"“”.;]{0,40}?\\s)?${DISPLAY_NOUN}\\b`, 'i');

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

/** Quotes looked back over for the turns of an interview. */
const INTERVIEW_WINDOW = 6;

function isQuestion(content: string): boolean {
  return /\?["”’']?[\s,]*$/.test(content);
}

function countWordsIn(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

/** Up to four words, no clause punctuation inside, not opening a sentence (or all in Title Case): a term or a name. */
function isTermLike(content: string): boolean {
  const body = content.trim().replace(/[,.]$/, '');
  const words = body.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 4 || /[,.;:!?…]/.test(body)) return false;
  return /^\p{Ll}/u.test(body) || words.every((w) => /^\p{Lu}/u.test(w));
}
