// Date detection and value accuracy against the hand annotation of the seeds.
//
// How it scores (the gold lists each expression once, with no offsets):
// - Each gold expression is located in the article's cleaned text: every
//   occurrence counts ("on Friday" told five times is annotated once).
// - Detection: a gold expression with a value is found when an extracted
//   mention overlaps (or contains, or sits inside) one of its occurrences. An
//   extracted mention that overlaps no occurrence of any gold expression of the
//   article is a false positive (the gold is not exhaustive: such lines are
//   printed so a reader can tell a real error from an unannotated date).
// - Value accuracy: among found gold expressions, the share whose value is exactly
//   right. Gold expressions with an empty value are durations or relative spans
//   ("a week's worth", "a little over a week after the Helsinki summit"); they
//   count as right when nothing overlapping is emitted or what is emitted has
//   value '', and they are left out of detection.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadArticleFile, loadCorpus } from '../src/core/corpus/load.js';
import { rawIndex } from '../src/core/corpus/offsets.js';
import { extractDates } from '../src/core/dates/store.js';
import type { Article, DateMention } from '../src/core/types.js';
import type { EvalReport } from './report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GOLD_PATH = process.env.QUOTEBOT_GOLD ?? path.resolve(ROOT, '../shared/eval/seeds.gold.json');
const CORPUS_DIR = process.env.QUOTEBOT_EVAL_CORPUS ?? path.resolve(ROOT, 'corpus');
const NEWS_DEV_DIR = process.env.QUOTEBOT_NEWS_DEV ?? path.resolve(ROOT, '../shared/eval/news-dev');
const TIMEBANK_DIR = process.env.QUOTEBOT_TIMEBANK ?? path.resolve(ROOT, '../shared/eval/timebank');

interface GoldDate {
  expression: string;
  value: string;
  granularity?: string;
}
interface GoldArticle {
  file: string;
  published: string | null;
  dates: GoldDate[];
}

export interface DateScore {
  goldWithValue: number;
  found: number;
  systemMentions: number;
  systemCorrect: number;
  valueRight: number;
  emptyGold: number;
  emptyRight: number;
  details: string[];
}

function occurrences(text: string, expression: string): Array<[number, number]> {
  const pattern = expression
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['’]/g, "['’]"))
    .join('\\s+');
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(new RegExp(pattern, 'gi'))) out.push([m.index, m.index + m[0].length]);
  return out;
}

const overlaps = (m: DateMention, [s, e]: [number, number]): boolean => m.start < e && s < m.end;

/** Score one article's mentions against its gold dates. */
export function scoreArticle(article: Article, gold: GoldArticle, mentions: readonly DateMention[]): DateScore {
  const tag = gold.file.slice(0, 3);
  const score: DateScore = { goldWithValue: 0, found: 0, systemMentions: 0, systemCorrect: 0, valueRight: 0, emptyGold: 0, emptyRight: 0, details: [] };
  const emitted = mentions.filter((m) => m.value);
  const allOcc: Array<[number, number]> = [];
  const used = new Set<DateMention>();
  for (const g of gold.dates) {
    const occ = occurrences(article.text, g.expression);
    allOcc.push(...occ);
    const near = emitted.filter((m) => occ.some((o) => overlaps(m, o)));
    if (!g.value) {
      score.emptyGold++;
      if (near.length === 0) score.emptyRight++;
      else score.details.push(`${tag} "${g.expression}" is a duration/span but got ${near.map((m) => `"${m.expression}"=${m.value}`).join(', ')}`);
      continue;
    }
    score.goldWithValue++;
    if (occ.length === 0) {
      score.details.push(`${tag} "${g.expression}" not found in the cleaned text`);
      continue;
    }
    const candidates = near.filter((m) => !used.has(m));
    const pick = candidates.find((m) => m.value === g.value) ?? candidates[0] ?? near.find((m) => m.value === g.value) ?? near[0];
    if (!pick) {
      score.details.push(`${tag} missed "${g.expression}" (${g.value})`);
      continue;
    }
    used.add(pick);
    score.found++;
    if (pick.value === g.value) score.valueRight++;
    else score.details.push(`${tag} "${g.expression}": got ${pick.value} from "${pick.expression}", expected ${g.value}`);
  }
  for (const m of emitted) {
    score.systemMentions++;
    if (allOcc.some((o) => overlaps(m, o))) score.systemCorrect++;
    else score.details.push(`${tag} unannotated: "${m.expression}" = ${m.value} in "${sentenceAround(article, m)}"`);
  }
  return score;
}

function sentenceAround(article: Article, m: DateMention): string {
  for (const p of article.paragraphs) for (const s of p.sentences) if (m.start >= s.start && m.end <= s.end) return clip(s.text, 90);
  return clip(article.text.slice(Math.max(0, m.start - 40), m.end + 40), 90);
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** The seeds: the corpus folder against seeds.gold.json. */
export function runDateEval(): Promise<EvalReport> {
  return runGoldDateEval('dates', GOLD_PATH, CORPUS_DIR);
}

/** news-dev: nine real 2016 articles (.txt, dated by the gold) against their gold.json. */
export function runNewsDevDateEval(): Promise<EvalReport> {
  return runGoldDateEval('dates:news-dev', path.join(NEWS_DEV_DIR, 'gold.json'), path.join(NEWS_DEV_DIR, 'articles'));
}

async function runGoldDateEval(name: string, goldPath: string, corpusDir: string): Promise<EvalReport> {
  let gold: { articles: GoldArticle[] };
  try {
    gold = JSON.parse(await readFile(goldPath, 'utf8')) as { articles: GoldArticle[] };
  } catch (e) {
    return { name, metrics: {}, details: [`cannot read the gold file ${goldPath}: ${(e as Error).message}`] };
  }
  const { articles } = await loadCorpus(corpusDir);
  const bySource = new Map(articles.map((a) => [a.meta.source ?? a.file, a] as const));
  const total: DateScore = { goldWithValue: 0, found: 0, systemMentions: 0, systemCorrect: 0, valueRight: 0, emptyGold: 0, emptyRight: 0, details: [] };
  for (const g of gold.articles) {
    const article = bySource.get(g.file);
    if (!article) {
      total.details.push(`${g.file}: no corpus article has source ${g.file}`);
      total.goldWithValue += g.dates.filter((d) => d.value).length;
      continue;
    }
    const s = scoreArticle(article, g, extractDates(article, g.published ?? undefined));
    for (const k of ['goldWithValue', 'found', 'systemMentions', 'systemCorrect', 'valueRight', 'emptyGold', 'emptyRight'] as const) total[k] += s[k];
    total.details.push(...s.details);
  }
  const precision = total.systemMentions ? total.systemCorrect / total.systemMentions : 0;
  const recall = total.goldWithValue ? total.found / total.goldWithValue : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const valueAccuracy = total.found + total.emptyGold ? (total.valueRight + total.emptyRight) / (total.found + total.emptyGold) : 0;
  const endToEnd = total.goldWithValue + total.emptyGold ? (total.valueRight + total.emptyRight) / (total.goldWithValue + total.emptyGold) : 0;
  // Wrong values first: they are what the accuracy figure counts.
  total.details.sort((a, b) => rankDetail(a) - rankDetail(b));
  return {
    name,
    metrics: {
      precision,
      recall,
      f1,
      value_accuracy: valueAccuracy,
      // Right values over every gold expression with a value: TimeBank's "strict".
      strict: total.goldWithValue ? total.valueRight / total.goldWithValue : 0,
      end_to_end: endToEnd,
      gold: total.goldWithValue + total.emptyGold,
      extracted: total.systemMentions,
    },
    details: total.details,
  };
}

function rankDetail(d: string): number {
  if (/expected|duration/.test(d)) return 0;
  if (/missed|not found|no corpus/.test(d)) return 1;
  return 2;
}

// ---- TimeBank: real TimeML-annotated news, scored by its own scorer ----

const run = promisify(execFile);

interface TimebankClass {
  gold: number;
  found: number;
  strict: number;
  lenient: number;
}
interface TimebankError {
  file: string;
  kind: string;
  expression: string;
  predExpression?: string;
  context: string;
  gold: string | null;
  pred: string | null;
  published: string;
}
interface TimebankResult {
  gold: number;
  found: number;
  strict: number;
  lenient: number;
  predicted: number;
  predMatched: number;
  predOnOther: number;
}

/** What `quotebot extract --json` gives the scorer, with each expression as written in the file and its offset in the body. */
export function timebankPrediction(article: Article, mentions: readonly DateMention[]): { file: string; dates: Array<{ expression: string; value: string; offset: number }> } {
  return {
    file: article.file,
    dates: mentions
      .filter((m) => m.value)
      .map((m) => {
        const s = rawIndex(article.toRaw, m.start);
        const e = rawIndex(article.toRaw, m.end);
        return { expression: article.raw.slice(s, e), value: m.value, offset: s };
      }),
  };
}

/**
 * TimeBank (../shared/eval/timebank): the articles are extracted here and scored
 * by the set's own score-dates.mjs, so the figures are the ones its NOTES define
 * (found, strict, lenient over every gold DATE; precision over predictions).
 */
export async function runTimebankEval(): Promise<EvalReport> {
  const name = 'dates:timebank';
  const scorer = path.join(TIMEBANK_DIR, 'score-dates.mjs');
  const articlesDir = path.join(TIMEBANK_DIR, 'articles');
  let files: string[];
  try {
    files = (await readdir(articlesDir)).filter((f) => f.endsWith('.md')).sort();
    await readFile(scorer);
  } catch (e) {
    return { name, metrics: {}, details: [`cannot read TimeBank at ${TIMEBANK_DIR}: ${(e as Error).message}`] };
  }
  const predictions = [];
  const details: string[] = [];
  for (const f of files) {
    const r = await loadArticleFile(path.join(articlesDir, f));
    if (!r.article) {
      details.push(`${f}: ${r.problem?.reason ?? 'not loaded'}`);
      continue;
    }
    predictions.push(timebankPrediction(r.article, extractDates(r.article)));
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qb-timebank-'));
  try {
    const pred = path.join(dir, 'pred.json');
    const errorsOut = path.join(dir, 'errors.json');
    await writeFile(pred, JSON.stringify({ articles: predictions }));
    const { stdout } = await run(process.execPath, [scorer, '--pred', pred, '--set', 'TimeBank', '--json', '--by-class', '--errors-out', errorsOut], { maxBuffer: 64 * 1024 * 1024 });
    const out = JSON.parse(stdout) as { results: TimebankResult[]; byClass: Record<string, TimebankClass> };
    const errs = JSON.parse(await readFile(errorsOut, 'utf8')) as { kinds: Array<{ kind: string; count: number }>; errors: TimebankError[] };
    const r = out.results[0]!;
    const ratio = (a: number, b: number): number => (b ? a / b : 0);
    const breakdown = Object.entries(out.byClass)
      .sort((a, b) => b[1].gold - a[1].gold)
      .map(([cls, c]) => `${cls}: gold ${c.gold}, found ${c.found}, strict ${c.strict}, lenient ${c.lenient}`);
    breakdown.push(...errs.kinds.slice(0, 12).map((k) => `${k.count} × ${k.kind}`));
    // Wrong values first (what strict counts against), then misses, then predictions no gold date matches.
    const rank = (k: string): number => (k.startsWith('missed') ? 1 : k.startsWith('spurious') ? 2 : 0);
    const sorted = [...errs.errors].sort((a, b) => rank(a.kind) - rank(b.kind) || a.kind.localeCompare(b.kind));
    for (const e of sorted) {
      const pe = e.predExpression && e.predExpression !== e.expression ? ` (pred "${e.predExpression}")` : '';
      details.push(`${e.kind} | "${e.expression}"${pe} gold=${e.gold} pred=${e.pred} dct=${e.published} ${path.basename(e.file)} | ${e.context}`);
    }
    return {
      name,
      metrics: {
        found: ratio(r.found, r.gold),
        strict: ratio(r.strict, r.gold),
        strict_of_found: ratio(r.strict, r.found),
        lenient: ratio(r.lenient, r.gold),
        precision: ratio(r.predMatched, r.predicted),
        precision_any_timex: ratio(r.predMatched + r.predOnOther, r.predicted),
        gold: r.gold,
        predicted: r.predicted,
      },
      breakdown,
      details,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
