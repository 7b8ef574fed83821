// One claim against the record: align it with the candidate quotes, decide the
// verdict, and build the cited items that show why.
//
// Verdicts (what the record supports, never a guess):
//   verbatim      every claim word, in order, inside one quote by the named speaker
//                 (or by anyone, when the claim names no one);
//   altered       a quote by that speaker matches closely but words differ;
//   misattributed the words (verbatim or closely) are someone else's;
//   unsupported   no quote matches closely; the nearest passages are shown, marked as such.
// "Closely" = at least 60% of the claim's weighted words (content words 1, stop
// words 0.5, near spellings half) aligned, at least half of the record window
// matching, and at least two content words matched (or all of them when fewer,
// or one inside a run of three consecutive words).
import type { AnswerItem, SourceRef, Verdict } from '../answer.js';
import { citeSpan } from '../cite.js';
import type { SpeakerView, Store, VerifyPassage, VerifyQuote } from '../store/types.js';
import type { Span } from '../types.js';
import { align, type Alignment } from './align.js';
import { compare, cutNegation, type Comparison } from './compare.js';
import { vtokens, type VToken } from './tokens.js';

export const CLOSE_COVERAGE = 0.6;
export const CLOSE_PRECISION = 0.5;
export const MIN_CONTENT_MATCHED = 2;
export const MIN_RUN = 3;
const MAX_MATCH_ITEMS = 5;
const MAX_NEAREST = 5;
export const NEAREST_LABEL = 'Nearest passages (not matches)';

export type MatchClass = 'exact' | 'close' | 'none';

export interface Candidate {
  quote: VerifyQuote;
  tokens: VToken[];
  alignment: Alignment;
  /** A negation just outside the matched words that the claim leaves out. */
  cut: string | null;
  /** Record tokens shown: the aligned words, widened over a cut-off negation. */
  rStart: number;
  rEnd: number;
  cls: MatchClass;
}

export function classify(a: Alignment, cut: string | null): MatchClass {
  if (a.exact) return cut ? 'close' : 'exact';
  if (a.coverage < CLOSE_COVERAGE || a.precision < CLOSE_PRECISION) return 'none';
  // Enough of the claim's meaning must be found, not just its small words: two
  // content words, or a run of three words in a row around one ("I gave up …").
  const needContent = Math.min(MIN_CONTENT_MATCHED, a.contentTotal);
  if (a.contentMatched >= needContent) return 'close';
  if (a.contentMatched >= 1 && a.longestRun >= MIN_RUN) return 'close';
  return 'none';
}

export interface ClaimCheck {
  claim: string;
  verdict: Verdict;
  title: string;
  summary: string | null;
  items: AnswerItem[];
  notes: string[];
}

interface Named {
  query: string;
  speaker: SpeakerView | null;
}

export async function checkClaim(store: Store, claimText: string, speakerQuery: string | null): Promise<ClaimCheck> {
  const claim = claimText.trim();
  const claimToks = vtokens(claim);
  const notes: string[] = [];
  let named: Named | null = null;
  if (speakerQuery) {
    const found = await store.resolveSpeaker(speakerQuery);
    named = { query: speakerQuery, speaker: found?.speaker ?? null };
    if (!found) notes.push(`No speaker called "${speakerQuery}" is quoted in the corpus.`);
    else if (!found.exact) notes.push(`Took "${speakerQuery}" to mean ${found.speaker.name}.`);
  }
  if (claimToks.length === 0) {
    return { claim, verdict: 'unsupported', title: 'Unsupported: the claim has no words to check', summary: null, items: [], notes };
  }

  const found = await store.verifyCandidates(claim, named?.speaker?.id ?? null);
  const nameKeys = new Set(found.nameKeys);

  const cands: Candidate[] = [];
  for (const quote of found.quotes) {
    const tokens = vtokens(quote.text);
    const alignment = align(claimToks, tokens);
    const cut = cutNegation(quote.text, tokens, alignment.rStart, alignment.rEnd);
    const rStart = cut?.rStart ?? alignment.rStart;
    const rEnd = cut?.rEnd ?? alignment.rEnd;
    cands.push({ quote, tokens, alignment, cut: cut?.word ?? null, rStart, rEnd, cls: classify(alignment, cut?.word ?? null) });
  }
  cands.sort(byStrength);

  const by = (pred: (c: Candidate) => boolean, cls: MatchClass) => cands.filter((c) => c.cls === cls && pred(c));
  // A quote the extractor could not attribute still counts as the named
  // speaker's when its own sentence names them.
  const isNamed = (c: Candidate) =>
    !!named?.speaker && (c.quote.speakerId === named.speaker.id || (c.quote.speakerId === null && contextNames(c, named.speaker)));
  const isOther = (c: Candidate) => c.quote.speakerId !== null && !isNamed(c);
  const anyone = () => true;
  const ctx: BuildCtx = { claim, claimToks, nameKeys, passages: found.passages };
  // Words printed word for word in the reporter's own prose, and only loosely
  // in any quote, are the reporter's: not a quote by anyone.
  const reporterWords = () => proseMatch(ctx, true) !== null;

  if (!named) {
    const exact = by(anyone, 'exact');
    if (exact.length) return verbatimCheck(ctx, exact, null, notes);
    const close = by(anyone, 'close');
    if (close.length && !reporterWords()) return alteredCheck(ctx, close, notes);
    return unsupportedCheck(ctx, cands, notes, null);
  }

  const exactS = by(isNamed, 'exact');
  if (exactS.length) return verbatimCheck(ctx, exactS, named, notes);
  const exactO = by(isOther, 'exact');
  const closeS = by(isNamed, 'close');
  if (exactO.length) return misattributedCheck(ctx, exactO, named, closeS, notes);
  const closeO = by(isOther, 'close');
  // Someone else's words, barely changed, beat a loose resemblance to the named speaker's.
  const prose = (closeS.length || closeO.length) && reporterWords();
  if (!prose && closeS.length && !(closeO.length && closeO[0]!.alignment.coverage > closeS[0]!.alignment.coverage + 0.1)) {
    return alteredCheck(ctx, closeS, notes);
  }
  if (!prose && closeO.length) return misattributedCheck(ctx, closeO, named, closeS, notes);
  const unnamed = cands.filter((c) => c.cls !== 'none' && c.quote.speakerId === null);
  if (unnamed.length) {
    notes.push(`These words were quoted, but the article does not say who said them, so the corpus cannot confirm they are ${named.speaker?.name ?? named.query}'s.`);
  }
  return unsupportedCheck(ctx, cands, notes, unnamed);
}

const nameRes = new WeakMap<SpeakerView, RegExp | null>();
function nameRe(sp: SpeakerView): RegExp | null {
  let re = nameRes.get(sp);
  if (re === undefined) {
    const parts = sp.name.split(/\s+/);
    const forms = [sp.name, ...sp.aliases, ...(sp.kind === 'person' && parts.length > 1 ? [parts[parts.length - 1]!] : [])].filter((f) => f.length > 1);
    const alt = forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    re = alt ? new RegExp(`(?<![\\p{L}])(?:${alt})(?![\\p{L}])`, 'u') : null;
    nameRes.set(sp, re);
  }
  return re;
}

function contextNames(c: Candidate, sp: SpeakerView): boolean {
  const re = nameRe(sp);
  return !!re && re.test(c.quote.context);
}

function byStrength(a: Candidate, b: Candidate): number {
  const rank = { exact: 0, close: 1, none: 2 } as const;
  return (
    rank[a.cls] - rank[b.cls] ||
    b.alignment.coverage - a.alignment.coverage ||
    b.alignment.score - a.alignment.score ||
    b.alignment.precision - a.alignment.precision ||
    (a.quote.published ?? '9999').localeCompare(b.quote.published ?? '9999')
  );
}

interface BuildCtx {
  claim: string;
  claimToks: VToken[];
  nameKeys: ReadonlySet<string>;
  /** Paragraphs the claim's words hit, best first. */
  passages: readonly VerifyPassage[];
}

interface ProseMatch {
  passage: VerifyPassage;
  /** The whole sentences around the matched words. */
  span: Span;
  highlight: [number, number];
  exact: boolean;
}

/**
 * Reporter prose that carries the claim's words: a passage, but nobody's
 * quote. With `exactOnly`, only a word-for-word match counts.
 */
function proseMatch(ctx: BuildCtx, exactOnly: boolean): ProseMatch | null {
  for (const p of ctx.passages) {
    const toks = vtokens(p.text);
    const a = align(ctx.claimToks, toks);
    const cls = classify(a, null);
    if (cls === 'none' || (exactOnly && cls !== 'exact')) continue;
    const first = toks[a.rStart];
    const last = toks[a.rEnd - 1];
    if (!first || !last) continue;
    const span = { start: p.start + first.start, end: p.start + last.end };
    const inQuote = p.quoteSpans.some((q) => q.start < span.end && span.start < q.end);
    if (inQuote) continue;
    const sentences = p.sentences.filter((x) => x.end > span.start && x.start < span.end);
    const sStart = sentences[0]?.start ?? span.start;
    const sEnd = sentences[sentences.length - 1]?.end ?? span.end;
    return { passage: p, span: { start: sStart, end: sEnd }, highlight: [span.start - sStart, span.end - sStart], exact: cls === 'exact' };
  }
  return null;
}

type Report = VerifyQuote['reports'][number];

interface MatchGroup {
  best: Candidate;
  reports: Report[];
}

/** Same words by the same speaker in several articles → one item citing them all. */
function groupMatches(cands: readonly Candidate[]): MatchGroup[] {
  const groups = new Map<string, MatchGroup>();
  for (const c of cands) {
    const words = c.tokens.slice(c.rStart, c.rEnd).map((t) => t.key).join(' ');
    const key = c.quote.groupId ? `g:${c.quote.groupId}` : `w:${c.quote.speakerId ?? ''}|${words}`;
    let entry = groups.get(key);
    if (!entry) groups.set(key, (entry = { best: c, reports: [] }));
    for (const r of c.quote.reports) if (!entry.reports.some((x) => x.id === r.id)) entry.reports.push(r);
  }
  return [...groups.values()];
}

function sourcesOf(reports: readonly Report[]): SourceRef[] {
  const sorted = [...reports].sort((a, b) => (a.published ?? '9999').localeCompare(b.published ?? '9999') || a.articleId.localeCompare(b.articleId));
  return sorted.map((r) => r.source);
}

function matchItem(ctx: BuildCtx, g: MatchGroup): { item: AnswerItem; comparison: Comparison } {
  const c = g.best;
  const comparison = compare({
    claimText: ctx.claim,
    claim: ctx.claimToks,
    recordText: c.quote.text,
    record: c.tokens,
    rStart: c.rStart,
    rEnd: c.rEnd,
    nameKeys: ctx.nameKeys,
  });
  const first = c.tokens[c.rStart];
  const last = c.tokens[c.rEnd - 1];
  const item: AnswerItem = {
    kind: 'match',
    text: c.quote.text,
    highlights: first && last ? [[first.start, last.end]] : [],
    speaker: c.quote.speakerName,
    role: c.quote.role,
    partial: c.quote.partial,
    context: c.quote.context || null,
    sources: sourcesOf(g.reports),
  };
  // Word-for-word matches carry no diff: there is no difference to show.
  if (comparison.diff.some((p) => p.op !== 'same')) item.diff = comparison.diff;
  const notes = [...comparison.meaning, ...comparison.cosmetic];
  if (notes.length) item.notes = notes.slice(0, 8);
  return { item, comparison };
}

function windowText(c: Candidate): string {
  const first = c.tokens[c.rStart];
  const last = c.tokens[c.rEnd - 1];
  return first && last ? c.quote.text.slice(first.start, last.end) : c.quote.text;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s;
}

function citeLine(src: readonly SourceRef[]): string {
  const s = src[0];
  if (!s) return '';
  const where = `${s.outlet ?? s.file}${s.published ? `, ${s.published}` : ''}`;
  return src.length > 1 ? `${where}, and ${src.length - 1} more report${src.length === 2 ? '' : 's'}` : where;
}

function verbatimCheck(ctx: BuildCtx, exact: Candidate[], named: Named | null, notes: string[]): ClaimCheck {
  const groups = groupMatches(exact).slice(0, MAX_MATCH_ITEMS);
  const items = groups.map((g) => matchItem(ctx, g).item);
  const names = [...new Set(groups.map((g) => g.best.quote.speakerName).filter((n): n is string => !!n))];
  const who = named?.speaker?.name ?? (names.length ? names.join(' and ') : null);
  const title = who ? `Verbatim: ${who} said this` : 'Verbatim: these words were quoted (the article does not say by whom)';
  return { claim: ctx.claim, verdict: 'verbatim', title, summary: `Quoted word for word: ${citeLine(items[0]!.sources)}`, items, notes };
}

function alteredCheck(ctx: BuildCtx, close: Candidate[], notes: string[]): ClaimCheck {
  const groups = groupMatches(close).slice(0, MAX_MATCH_ITEMS);
  const built = groups.map((g) => matchItem(ctx, g));
  const top = built[0]!;
  const best = groups[0]!.best;
  const title = `Altered: the record says “${clip(windowText(best), 160)}”`;
  const meaning = top.comparison.meaning.length;
  const who = best.quote.speakerName;
  const summary = `${meaning ? 'The words differ in meaning' : 'The words differ'} from what ${who ?? 'the record'} said: ${citeLine(top.item.sources)}`;
  return { claim: ctx.claim, verdict: 'altered', title, summary, items: built.map((b) => b.item), notes: [...notes, "Word changes read record → claim."] };
}

function misattributedCheck(ctx: BuildCtx, others: Candidate[], named: Named, namedClose: Candidate[], notes: string[]): ClaimCheck {
  const groups = groupMatches(others).slice(0, MAX_MATCH_ITEMS);
  const built = groups.map((g) => matchItem(ctx, g));
  const realNames = [...new Set(groups.map((g) => g.best.quote.speakerName).filter((n): n is string => !!n))];
  const claimed = named.speaker?.name ?? named.query;
  const title = `Misattributed: these words are ${realNames.map((n) => `${n}'s`).join(' or ')}, not ${claimed}'s`;
  const items = built.map((b) => b.item);
  const extra = [...notes];
  if (!others[0]!.alignment.exact || others[0]!.cut) extra.push('The words also differ from the record (see the difference).');
  if (namedClose.length) {
    const g = groupMatches(namedClose)[0]!;
    const b = matchItem(ctx, g);
    b.item.label = `Closest quote by ${claimed} (a different statement)`;
    items.push(b.item);
  }
  return { claim: ctx.claim, verdict: 'misattributed', title, summary: `${realNames.join(' and ')} said it: ${citeLine(items[0]!.sources)}`, items, notes: extra };
}

function unsupportedCheck(ctx: BuildCtx, cands: Candidate[], notes: string[], unnamed: Candidate[] | null): ClaimCheck {
  const items: AnswerItem[] = [];
  const extra = [...notes];
  if (unnamed?.length) {
    for (const g of groupMatches(unnamed).slice(0, 2)) {
      const { item } = matchItem(ctx, g);
      item.label = 'Quoted, speaker not named in the article';
      items.push(item);
    }
  }
  const nearest = nearestPassages(ctx, cands);
  if (nearest.prose) extra.push(`These words appear in the reporting of ${nearest.prose}, not in a quote by anyone.`);
  items.push(...nearest.items);
  if (nearest.items.length === 0) extra.push('Nothing in the corpus comes close to these words.');
  return {
    claim: ctx.claim,
    verdict: 'unsupported',
    title: 'Unsupported: no quote in the corpus matches',
    summary: nearest.items.length ? `${NEAREST_LABEL} are shown below.` : null,
    items,
    notes: extra,
  };
}

/** The passages that come closest: reporter prose that matches, the best partial quote, then search hits. */
function nearestPassages(ctx: BuildCtx, cands: readonly Candidate[]): { items: AnswerItem[]; prose: string | null } {
  const items: AnswerItem[] = [];
  const seen: Array<{ articleId: string; span: Span }> = [];
  const overlaps = (articleId: string, span: Span) => seen.some((s) => s.articleId === articleId && s.span.start < span.end && span.start < s.span.end);
  const push = (articleId: string, span: Span, text: string, source: () => SourceRef, highlights: Array<[number, number]>) => {
    if (items.length >= MAX_NEAREST || overlaps(articleId, span)) return;
    seen.push({ articleId, span });
    items.push({ kind: 'snippet', label: NEAREST_LABEL, text, highlights, sources: [source()] });
  };

  let prose: string | null = null;
  const pm = proseMatch(ctx, false);
  if (pm) {
    const p = pm.passage;
    push(p.articleId, pm.span, p.text.slice(pm.span.start - p.start, pm.span.end - p.start), () => citeSpan(p.cite, pm.span), [pm.highlight]);
    prose = `${p.outlet ?? p.file}${p.published ? ` (${p.published})` : ''}`;
  }
  const bestQuote = cands.find((c) => c.alignment.coverage >= 0.3);
  if (bestQuote) {
    const q = bestQuote.quote;
    const hasContext = q.contextSpan.end > q.contextSpan.start;
    push(q.articleId, hasContext ? q.contextSpan : q.span, hasContext ? q.context : q.text, () => q.contextSource, []);
  }
  for (const p of ctx.passages) {
    const snip = p.snippet;
    if (snip) push(p.articleId, snip.span, snip.text, () => snip.source, snip.highlights);
  }
  return { items, prose };
}
