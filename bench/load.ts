// `npx tsx bench/load.ts DIR [--articles N] [--change FILE] [--sets SEED] [--lines FILE] [--bursts N]`: the bot's load run alone on any corpus
// folder (3 bursts (--bursts N: more) of 50 signed Slack commands in flight against the stand-in Slack, one
// edited file, a restart), without generating a corpus or timing queries: to compare ack and
// delivery figures between two builds quickly (`npm run build` first). DIR is edited (one
// file gets a paragraph), so pass a copy. QUOTEBOT_DATABASE_URL runs the bot on that database;
// QUOTEBOT_BENCH_NODE_ARGS adds node flags (e.g. --cpu-prof --cpu-prof-dir=DIR). --sets SEED:
// on a generated corpus (of that seed), the lines `npm run bench` sends (its /search, /quote and
// /timeline sets, in turn) instead of the seed corpus's five commands. --lines FILE: the command
// lines of FILE, one a line, in turn (e.g. one cheap command, for the floor of the acks' cost).
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { loadCorpus } from '../src/core/corpus/load.js';
import { benchBot } from './bot.js';
import { makeVocabulary } from './generate.js';
import { botLines } from './queries.js';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) throw new Error('usage: bench/load.ts DIR [--articles N] [--change FILE]');
const opt = (k: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
const sets = opt('--sets');
const linesFile = opt('--lines');
const lines = linesFile
  ? readFileSync(linesFile, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean)
  : sets
  ? botLines(makeVocabulary(Number(sets)), (await loadCorpus(dir)).articles, Number(sets))
  : ['/quote Coats', '/timeline Helsinki', '/search Russia', '/verify "the warning lights are blinking red" by Coats', '/sources'];
const db = process.env.QUOTEBOT_DATABASE_URL;
// The machine's load around the run: on a shared machine the figures mean little without it.
const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
const r = await benchBot({
  corpusDir: dir,
  articles: Number(opt('--articles') ?? files.length),
  lines,
  inFlight: 50,
  bursts: Number(opt('--bursts') ?? 3),
  changeFile: opt('--change') ?? files[0]!,
  env: db ? { QUOTEBOT_DATABASE_URL: db } : {},
});
console.log(JSON.stringify({ ack: r.load.ack, delivery: r.load.delivery, bursts: r.load.bursts.map((b) => ({ ack: b.ack, delivery: b.delivery, untilAcked: b.untilAcked, untilDelivered: b.untilDelivered })), loadavg: { before: loadBefore, after: loadavg().map((x) => Math.round(x * 100) / 100) }, deliveredOnce: r.load.deliveredOnce, sent: r.load.sent, memoryAfterStart: r.memoryAfterStart, heapAfterStart: r.heapAfterStart, memoryAfterLoad: r.memoryAfterLoad, heapAfterLoad: r.heapAfterLoad }, null, 1));
