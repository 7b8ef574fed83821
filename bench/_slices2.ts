import { generateArticles } from './generate.js';
import { buildArticle } from '../src/core/corpus/article.js';
import { extractDates, dateStoreSteps, eventsOf } from '../src/core/dates/store.js';
import { extractArticleQuotes, quoteStoreSteps } from '../src/core/quotes/store.js';
import { searchIndexSteps } from '../src/core/search/index.js';
const n = Number(process.argv[2] ?? 2000);
const arts = generateArticles(n).articles.map(buildArticle);
const d = new Map(arts.map(a => [a.id, extractDates(a)]));
const ev = new Map(arts.map(a => [a.id, eventsOf(a, d.get(a.id)!)]));
const q = new Map(arts.map(a => [a.id, extractArticleQuotes(a)]));
const run = (name: string, g: Generator<void, unknown, void>) => {
const durs: Array<[number, number]> = [];
let i = 0; const t0 = performance.now(); const c = process.cpuUsage();
for (;;) { const t = performance.now(); const r = g.next(); durs.push([performance.now() - t, i++]); if (r.done) break; }
const u = process.cpuUsage(c);
console.log(name, 'wall', Math.round(performance.now() - t0), 'cpu', Math.round((u.user + u.system) / 1000), 'steps', i, 'top', durs.sort((a, b) => b[0] - a[0]).slice(0, 6).map(([ms, k]) => `${Math.round(ms)}ms@${k}`).join(' '));
};
run('quotes', quoteStoreSteps(arts, { extracted: a => q.get(a.id) }));
run('dates', dateStoreSteps(arts, { mentionsOf: a => d.get(a.id), eventsOf: a => ev.get(a.id) }));
run('index', searchIndexSteps(arts));
