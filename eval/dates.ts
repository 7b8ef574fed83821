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
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../src/core/corpus/load.js';
import { extractDates } from '../src/core/dates/store.js';
import type { Article, DateMention } from '../src/core/types.js';
import type { EvalReport } from './report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GOLD_PATH = process.env.QUOTEBOT_GOLD ?? path.resolve(ROOT, '../shared/eval/seeds.gold.json');
const CORPUS_DIR = process.env.QUOTEBOT_EVAL_CORPUS ?? path.resolve(ROOT, 'corpus');

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

export async function runDateEval(): Promise<EvalReport> {
  let gold: { articles: GoldArticle[] };
  try {
    gold = JSON.parse(await readFile(GOLD_PATH, 'utf8')) as { articles: GoldArticle[] };
  } catch (e) {
    return { name: 'dates', metrics: {}, details: [`cannot read the gold file ${GOLD_PATH}: ${(e as Error).message}`] };
  }
  const { articles } = await loadCorpus(CORPUS_DIR);
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
    name: 'dates',
    metrics: {
      precision,
      recall,
      f1,
      value_accuracy: valueAccuracy,
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
