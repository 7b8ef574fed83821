// /verify verdict accuracy on eval/claims.json, run through the real command
// path (answerLine) on the real corpus.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Verdict } from '../src/core/answer.js';
import { answerLine } from '../src/core/commands/registry.js';
import { MemoryStore } from '../src/core/store/memory.js';
import type { EvalReport } from './report.js';

const here = path.dirname(fileURLToPath(import.meta.url));

interface Claim {
  line: string;
  expected: Verdict;
  kind: string;
  note?: string;
}

export async function runVerifyEval(corpusDir = path.join(here, '..', 'corpus')): Promise<EvalReport> {
  const { claims } = JSON.parse(await readFile(path.join(here, 'claims.json'), 'utf8')) as { claims: Claim[] };
  const store = await MemoryStore.open(corpusDir);
  const details: string[] = [];
  let correct = 0;
  const byKind = new Map<string, { n: number; ok: number }>();
  const confusion = new Map<string, number>();
  const started = performance.now();
  for (const c of claims) {
    const answer = await answerLine(store, c.line);
    const got = answer.verdict ?? 'none';
    const ok = got === c.expected;
    if (ok) correct++;
    else details.push(`${c.kind}: expected ${c.expected}, got ${got} — ${c.line} — ${answer.title}`);
    const k = byKind.get(c.expected) ?? { n: 0, ok: 0 };
    k.n++;
    if (ok) k.ok++;
    byKind.set(c.expected, k);
    confusion.set(`${c.expected}→${got}`, (confusion.get(`${c.expected}→${got}`) ?? 0) + 1);
  }
  const ms = performance.now() - started;
  const metrics: Record<string, number> = { accuracy: claims.length ? correct / claims.length : 0, claims: claims.length, correct };
  for (const [k, v] of byKind) metrics[`acc_${k}`] = v.n ? v.ok / v.n : 0;
  metrics.ms_per_claim = claims.length ? Math.round((ms / claims.length) * 100) / 100 : 0;
  const articles = await store.sources({ offset: 0, limit: Number.MAX_SAFE_INTEGER });
  if (articles.items.every((a) => a.quotes === 0)) details.unshift('the corpus yielded no quotes: quote extraction has not landed, so every claim is unsupported');
  return { name: 'verify', metrics, details };
}
