// A hand-made Library for the /verify tests: fixture articles plus the quotes
// a person reads in them, so these tests do not depend on quote extraction.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { buildArticle } from '../../src/core/corpus/article.js';
import { buildDateStore } from '../../src/core/dates/store.js';
import type { Library } from '../../src/core/library.js';
import type { QuoteGroup, QuoteStore } from '../../src/core/quotes/store.js';
import { buildSearchIndex } from '../../src/core/search/index.js';
import type { Article, ArticleMeta, Quote, Speaker } from '../../src/core/types.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'verify');

export function loadFixtureArticles(): Article[] {
  return readdirSync(FIXTURES)
    .filter((n) => n.endsWith('.md'))
    .sort()
    .map((name) => {
      const content = readFileSync(path.join(FIXTURES, name), 'utf8');
      const m = /^---\n([\s\S]*?)\n---\n/.exec(content)!;
      const fm = parseYaml(m[1]!) as Record<string, unknown>;
      const meta: ArticleMeta = {
        title: String(fm.title),
        outlet: String(fm.outlet),
        published: String(fm.published),
        url: null,
        source: null,
        extra: {},
      };
      return buildArticle({ file: name, meta, raw: content.slice(m[0].length), rawOffset: m[0].length });
    });
}

export interface QuoteSpec {
  file: string;
  text: string;
  speaker: string | null;
  partial?: boolean;
}

export interface SpeakerSpec {
  name: string;
  aliases: string[];
  roles?: string[];
}

export function makeLibrary(quoteSpecs: readonly QuoteSpec[], speakerSpecs: readonly SpeakerSpec[], groups: string[][] = []): Library {
  const articles = loadFixtureArticles();
  const byId = new Map(articles.map((a) => [a.id, a] as const));
  const speakers = new Map<string, Speaker>();
  for (const s of speakerSpecs) {
    const id = s.name.toLowerCase();
    speakers.set(id, { id, name: s.name, kind: 'person', aliases: s.aliases, roles: s.roles ?? [], articleIds: [] });
  }
  const counters = new Map<string, number>();
  const quotes: Quote[] = quoteSpecs.map((q) => {
    const article = byId.get(q.file);
    if (!article) throw new Error(`no fixture ${q.file}`);
    const start = article.text.indexOf(q.text);
    if (start < 0) throw new Error(`"${q.text}" is not in ${q.file}`);
    const end = start + q.text.length;
    const p = article.paragraphs.find((x) => x.start <= start && end <= x.end)!;
    const n = (counters.get(q.file) ?? 0) + 1;
    counters.set(q.file, n);
    return {
      id: `${q.file}#q${n}`,
      articleId: q.file,
      text: q.text,
      start,
      end,
      speakerId: q.speaker ? q.speaker.toLowerCase() : null,
      role: null,
      partial: q.partial ?? false,
      via: null,
      paragraphIndex: p.index,
      context: { start: p.start, end: p.end },
    };
  });
  const groupList: QuoteGroup[] = [];
  const groupByQuoteId = new Map<string, QuoteGroup>();
  groups.forEach((ids, k) => {
    const members = ids.map((id) => quotes.find((q) => q.id === id)!);
    const g: QuoteGroup = { id: `g${k}`, key: members[0]!.text.toLowerCase(), speakerId: members[0]!.speakerId, quotes: members, variantIds: [], partial: false };
    groupList.push(g);
    for (const q of members) groupByQuoteId.set(q.id, g);
  });
  const quoteCounts = new Map<string, number>();
  for (const q of quotes) if (q.speakerId) quoteCounts.set(q.speakerId, (quoteCounts.get(q.speakerId) ?? 0) + 1);
  const store: QuoteStore = {
    quotes,
    reported: [],
    speakers,
    groups: groupList,
    groupByQuoteId,
    groupById: new Map(groupList.map((g) => [g.id, g] as const)),
    articles: byId,
    quoteCounts,
    // /verify never searches the store's own index; it aligns words itself.
    search: () => [],
  };
  return {
    corpusDir: FIXTURES,
    articles,
    byId,
    problems: [],
    quotes: store,
    dates: buildDateStore(articles),
    index: buildSearchIndex(articles),
    builtAt: new Date(0),
  };
}

export const SPEAKERS: SpeakerSpec[] = [
  { name: 'Jane Holloway', aliases: ['Holloway', 'Senator Jane Holloway'], roles: ['Senator'] },
  { name: 'Tom Reyes', aliases: ['Reyes', 'Governor Tom Reyes'], roles: ['Governor'] },
  { name: 'Ana Lind', aliases: ['Lind', 'Mayor Ana Lind'], roles: ['Mayor'] },
];

export const QUOTES: QuoteSpec[] = [
  { file: 'budget-planet.md', text: 'We will not support a budget that cuts 4,000 teaching jobs,', speaker: 'Jane Holloway' },
  { file: 'budget-planet.md', text: 'The Republicans are playing games with the U.S. economy,', speaker: 'Jane Holloway' },
  { file: 'budget-planet.md', text: 'This budget protects every family in the state,', speaker: 'Tom Reyes' },
  { file: 'budget-post.md', text: 'The Republicans are playing games with the US economy,', speaker: 'Jane Holloway' },
  { file: 'budget-post.md', text: 'I’m not worried about the vote. We don’t need their help,', speaker: 'Tom Reyes' },
  { file: 'harbour-herald.md', text: 'will bring jobs back to the waterfront', speaker: 'Ana Lind', partial: true },
  { file: 'harbour-herald.md', text: 'Nobody should doubt that this city can build again,', speaker: 'Ana Lind' },
  // Quotes an extractor could not attribute: one whose sentence names Lind, one that names no one.
  { file: 'harbour-herald.md', text: 'The waterfront belongs to everyone,', speaker: null },
  { file: 'harbour-herald.md', text: 'We expect the work to start in May,', speaker: null },
];

export function fixtureLibrary(withGroups = true): Library {
  return makeLibrary(QUOTES, SPEAKERS, withGroups ? [['budget-planet.md#q2', 'budget-post.md#q1']] : []);
}
