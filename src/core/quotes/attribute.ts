// Who said each quotation, read from the reporter's sentence around it:
// "…," X said / said X / X said: "…" / according to X / a partial quote's
// sentence subject / the previous quote's speaker / the speaker a previous
// paragraph introduced. Pronouns and "the US president"-style descriptions are
// resolved to the named person they stand for.
import { F_SPEECH, type Mention, type Analysis, type Token } from './analyse.js';
import { ORG_WORDS, REPORT_VERBS, SUBJECT_VERB_FILLERS, VIA_PATTERNS } from './lexicon.js';
import type { MarkedQuote } from './marks.js';
import type { ArticleNames, ResolvedName } from './speakers.js';

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

  constructor(private readonly a: Analysis, private readonly names: ArticleNames) {
    this.text = a.article.text;
    this.tokens = a.tokens;
    this.mentions = a.mentions;
    this.tokens.forEach((t, i) => {
      if (t.inQuote) return;
      if (t.f & F_SPEECH && !t.cap) this.verbs.push(i);
      else if (t.lower === 'according' && this.tokens[i + 1]?.lower === 'to') this.verbs.push(i);
    });
  }

  private sentenceIndexAt(pos: number): number {
    const ss = this.a.sentences;
    let lo = 0;
    let hi = ss.length - 1;
    while (lo < hi) {
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
    if (this.resolving.has(m)) return null;
    this.resolving.add(m);
    const found = m.kind === 'pronoun' ? this.resolvePronoun(m) : this.resolveDescription(m);
    this.resolving.delete(m);
    this.cache.set(m, found);
    return found;
  }

  private personAt(c: Mention, pronoun: Mention): Found | null {
    if (c.inQuote || c.s >= pronoun.s) return null;
    if (c.kind === 'pronoun' && c.female !== pronoun.female) return null;
    if (c.kind === 'org') return null;
    let f = this.resolve(c, false);
    if (!f || f.speaker.kind !== 'person') {
      const lone = !c.poss && c.kind === 'name' ? this.names.lonePerson(c) : null;
      if (!lone) return null;
      f = { speaker: lone, mention: c };
    }
    if (pronoun.female !== null && f.mention.female !== null && f.mention.female !== pronoun.female) return null;
    return f;
  }

  /** he/she: the subject of this sentence before it, else of the nearest earlier sentence naming a person. */
  private resolvePronoun(m: Mention): Found | null {
    const lo = Math.max(0, m.sentence - 6);
    for (let s = m.sentence; s >= lo; s--) {
      let poss: Found | null = null;
      for (const c of this.mentions) {
        if (c.sentence !== s) continue;
        if (c.s >= m.s) break;
        const f = this.personAt(c, m);
        if (!f) continue;
        if (!c.poss) return f;
        poss ??= f;
      }
      if (poss) return poss;
    }
    return null;
  }

  /** "the US president": the person the article gives that title, nearest before it. */
  private resolveDescription(m: Mention): Found | null {
    const [head, ...mods] = m.words;
    if (ORG_WORDS.has(head!)) {
      // "the ministry": the nearest organisation named with that word.
      let org: Mention | null = null;
      for (const c of this.mentions) {
        if (c.s >= m.s) break;
        if (c.kind === 'org' && !c.inQuote && c.words.at(-1)?.toLowerCase() === head) org = c;
      }
      const f = org ? this.names.resolve(org) : null;
      return f && org ? { speaker: f, mention: org } : null;
    }
    let best: Found | null = null;
    let bestScore = -Infinity;
    for (const c of this.mentions) {
      if (c.kind !== 'name' || c.inQuote || !c.role) continue;
      const roleWords = c.role.toLowerCase().split(/[\s.]+/);
      if (!roleWords.includes(head!)) continue;
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
    return best;
  }

  private mentionsIn(s: number, e: number): Mention[] {
    return this.mentions.filter((m) => m.s >= s && m.e <= e && !m.inQuote);
  }

  private tokenIndexAt(pos: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.s < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The speaker written before a verb of saying ("Coats said", "Michael McFaul, former …, said"). */
  private subjectBefore(v: number, windowStart: number, maxGap = MAX_SUBJECT_GAP): Found | null {
    const verb = this.tokens[v]!;
    const cands = this.mentionsIn(windowStart, verb.s);
    for (let k = cands.length - 1; k >= 0; k--) {
      let c = cands[k]!;
      // Inside an apposition ("X, former ambassador under Y, said"): the subject is X.
      const host = cands.find((h) => h.appositionEnd !== null && h.e <= c.s && h.appositionEnd >= c.e);
      if (host) c = host;
      const gap = this.tokenIndexAt(verb.s) - this.tokenIndexAt(c.e);
      const between = this.text.slice(c.e, verb.s);
      // "X, a Democrat, said": a short aside between subject and verb.
      // "X, a Democrat, said", "X, 34, said", "X, D-Texas, said": a short aside between subject and verb.
      const aside = ASIDE.test(between);
      const apposed = aside || host !== undefined || (c.appositionEnd !== null && c.appositionEnd <= verb.s + 1);
      if (!apposed && (gap > maxGap || QUOTE_CHARS.test(between) || /[,;:]/.test(between.replace(/^['’]s\b/, '')))) return null;
      if (c.poss) continue;
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
      const next = this.mentions.find((n) => n.s > c.e && n.kind === 'name' && !n.inQuote);
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
    return this.verbs.filter((v) => this.tokens[v]!.s >= s && this.tokens[v]!.e <= e);
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
    const paragraphs = this.a.article.paragraphs;
    for (const q of this.a.quotes) {
      const si = this.sentenceIndexAt(q.open);
      const sent = this.a.sentences[si]!;
      const endSent = this.a.sentences[this.sentenceIndexAt(q.close)]!;
      const prevQ = out.length ? out[out.length - 1]! : null;
      const prevInSentence = prevQ && prevQ.q.close > sent.s && prevQ.q.close < q.open ? prevQ : null;
      const preStart = prevInSentence ? prevInSentence.q.close + 1 : sent.s;
      const pre = text.slice(preStart, q.open);
      const nextQ = this.a.quotes.find((x) => x.open > q.close);
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
          if (!next || next.para !== endSent.para || (nextQ && nextQ.open < next.e)) return null;
          const n = this.tokenIndexAt(next.e) - this.tokenIndexAt(next.s);
          if (n > 6 || !/^\s*$/.test(text.slice(q.close + 1, next.s))) return null;
          end = next.e;
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
          if (this.tokens[v]!.lower === 'according') continue;
          const f = this.subjectBefore(v, sent.s, 14);
          if (f) return f;
          // "Putin was quoted as saying …": a participle belongs to the clause's subject.
          if (this.tokens[v]!.lower.endsWith('ing')) return trySubject();
        }
        return null;
      };
      const trySubject = () => {
        for (const c of this.mentionsIn(sent.s, q.open)) {
          if (c.poss) continue;
          const f = this.resolve(c, false);
          if (f) return f;
        }
        return null;
      };
      const attempts = partial ? [tryPreVerb, tryPost, trySubject] : [tryIntro, tryPost, tryPreVerb];
      for (const f of attempts) {
        found = f();
        if (found) {
          viaFrom = f === tryPost ? [q.close + 1, Math.max(postEnd, endSent.e)] : [sent.s, q.open];
          break;
        }
      }
      let via: string | null = null;
      let inherited: Attributed | null = null;
      // A quote continues the previous speaker only when its own sentence names no other (no verb of saying).
      const ownVerb = preVerbs.length > 0 || this.verbsIn(q.close + 1, postEnd).length > 0;
      if (!found && !ownVerb && prevQ && prevQ.q.lastParagraphIndex === q.paragraphIndex) {
        inherited = prevQ;
      }
      const para = paragraphs.find((p) => p.index === q.paragraphIndex)!;
      const quoteOnly = !found && !inherited && !text.slice(para.start, q.open).trim() && !/[\p{L}\p{N}]/u.test(text.slice(q.close + 1, paragraphs.find((p) => p.index === q.lastParagraphIndex)!.end));
      if (quoteOnly) {
        const prevPara = paragraphs.find((p) => p.index === q.paragraphIndex - 1);
        if (prevPara) {
          const lastQ = [...out].reverse().find((x) => x.q.lastParagraphIndex === prevPara.index);
          if (lastQ?.speaker) inherited = lastQ;
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

  /** The role this article gives the speaker (from the mention, else any mention of the same person). */
  roleFor(f: Found): string | null {
    if (f.mention.kind === 'name' && f.mention.role) return f.mention.role;
    for (const m of this.mentions) {
      if (m.kind !== 'name' || !m.role || m.inQuote) continue;
      const r = this.names.resolve(m);
      if (r && r.id === f.speaker.id) return m.role;
    }
    return null;
  }

  /** Indirect statements: a sentence without quotation marks whose subject is a named speaker of a reporting verb. */
  reported(): Reported[] {
    const out: Reported[] = [];
    for (const s of this.a.sentences) {
      const t = this.text.slice(s.s, s.e);
      if (QUOTE_CHARS.test(t) || this.a.quotes.some((q) => q.open < s.e && q.close >= s.s)) continue;
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

