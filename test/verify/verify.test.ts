import { describe, expect, it } from 'vitest';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import { worstVerdict } from '../../src/core/verify/verify.js';
import { candidateQuotes } from '../../src/core/verify/candidates.js';
import { vtokens } from '../../src/core/verify/tokens.js';
import { align } from '../../src/core/verify/align.js';
import { classify } from '../../src/core/verify/check.js';
import { fixtureLibrary, makeLibrary, QUOTES, SPEAKERS } from './helpers.js';

const lib = fixtureLibrary();
const ask = (line: string) => answerLine(memoryStore(lib), line);

describe('/verify verdicts', () => {
  it('verbatim: the named speaker said these words, cited with article and date', async () => {
    const a = await ask('/verify "we don\'t need their help" by Reyes');
    expect(a.verdict).toBe('verbatim');
    expect(a.title).toBe('Verbatim: Tom Reyes said this');
    const m = a.items[0]!;
    expect(m.kind).toBe('match');
    expect(m.speaker).toBe('Tom Reyes');
    expect(m.text).toBe('I’m not worried about the vote. We don’t need their help,');
    expect(m.sources).toEqual([expect.objectContaining({ file: 'budget-post.md', outlet: 'Evening Post', published: '2021-03-03' })]);
    expect(m.diff).toBeUndefined();
    const [hs, he] = m.highlights![0]!;
    expect(m.text.slice(hs, he)).toBe('We don’t need their help');
  });

  it('verbatim with no speaker named, whatever the marks, case and abbreviation style', async () => {
    const a = await ask('/verify “the republicans are playing games with the US economy”');
    expect(a.verdict).toBe('verbatim');
    expect(a.title).toBe('Verbatim: Jane Holloway said this');
  });

  it('cites every article that reported the same words', async () => {
    const a = await ask('/verify "The Republicans are playing games with the U.S. economy" by Holloway');
    expect(a.verdict).toBe('verbatim');
    expect(a.items).toHaveLength(1);
    expect(a.items[0]!.sources.map((s) => s.file)).toEqual(['budget-planet.md', 'budget-post.md']);
  });

  it('groups identical words even when the store has no groups', async () => {
    const a = (await answerLine(memoryStore(memoryStore(fixtureLibrary(false))), '/verify "The Republicans are playing games with the U.S. economy" by Holloway'));
    expect(a.items[0]!.sources.map((s) => s.file).sort()).toEqual(['budget-planet.md', 'budget-post.md']);
  });

  it('altered: shows the record words and flags the dropped negation first', async () => {
    const a = await ask('/verify "We will support a budget that cuts 4,000 teaching jobs" by Holloway');
    expect(a.verdict).toBe('altered');
    expect(a.title).toContain('We will not support a budget');
    const m = a.items[0]!;
    expect(m.notes![0]).toMatch(/^meaning changed: negation dropped/);
    expect(m.diff).toContainEqual({ op: 'added', text: 'not ' });
  });

  it('altered: a swapped party is a change of meaning', async () => {
    const a = await ask('/verify "The Democrats are playing games with the US economy" by Jane Holloway');
    expect(a.verdict).toBe('altered');
    expect(a.items[0]!.notes).toContain("meaning changed: 'Republicans' → 'Democrats'");
  });

  it('altered: a number changed', async () => {
    const a = await ask('/verify "We will not support a budget that cuts 5,000 teaching jobs" by Holloway');
    expect(a.verdict).toBe('altered');
    expect(a.items[0]!.notes).toContain("meaning changed: '4,000' → '5,000'");
  });

  it('misattributed: the words are someone else\'s, and says whose', async () => {
    const a = await ask('/verify "This budget protects every family in the state" by Holloway');
    expect(a.verdict).toBe('misattributed');
    expect(a.title).toBe("Misattributed: these words are Tom Reyes's, not Jane Holloway's");
    expect(a.items[0]!.speaker).toBe('Tom Reyes');
    expect(a.items[0]!.sources[0]!.file).toBe('budget-planet.md');
  });

  it('misattributed to someone the corpus does not know', async () => {
    const a = await ask('/verify "Nobody should doubt that this city can build again" by Pat Example');
    expect(a.verdict).toBe('misattributed');
    expect(a.title).toBe("Misattributed: these words are Ana Lind's, not Pat Example's");
    expect(a.notes!.join(' ')).toContain('No speaker called "Pat Example"');
  });

  it('unsupported: says so plainly and shows nearest passages, never as matches', async () => {
    const a = await ask('/verify "I love the harbour at night" by Lind');
    expect(a.verdict).toBe('unsupported');
    expect(a.title).toBe('Unsupported: no quote in the corpus matches');
    expect(a.items.length).toBeGreaterThan(0);
    for (const it of a.items) {
      expect(it.kind).toBe('snippet');
      expect(it.label).toBe('Nearest passages (not matches)');
      expect(it.sources).toHaveLength(1);
      const art = lib.byId.get(it.sources[0]!.file)!;
      expect(art.text).toContain(it.text);
    }
  });

  it('unsupported: words from the reporter\'s prose are nobody\'s quote', async () => {
    const a = await ask('/verify "the final vote was delayed until Thursday" by Holloway');
    expect(a.verdict).toBe('unsupported');
    expect(a.notes!.join(' ')).toMatch(/reporting of Daily Planet.*not in a quote/);
    expect(a.items[0]!.text).toContain('the final vote was delayed until Thursday');
  });

  it('a short invented claim sharing one word is unsupported', async () => {
    expect((await ask('/verify "I love the budget"')).verdict).toBe('unsupported');
  });

  it('is case- and typo-tolerant about the speaker and says how it read the name', async () => {
    const a = await ask('/verify "this budget protects every family" by reyez');
    expect(a.verdict).toBe('verbatim');
    expect(a.notes!.join(' ')).toContain('Tom Reyes');
  });

  it('puts verdict at the top level of the answer', async () => {
    const a = await ask('/verify "nobody should doubt that this city can build again"');
    expect(Object.keys(a)).toContain('verdict');
    expect(a.verdict).toBe('verbatim');
  });
});

describe('/verify on a whole message', () => {
  it('checks every quoted passage and takes the worst verdict', async () => {
    const a = await ask('/verify Holloway said "we will not support a budget that cuts 4,000 teaching jobs" and Reyes said “this budget protects every family in the state” while Lind said "I love the harbour at night"');
    expect(a.items).toHaveLength(3);
    expect(a.items.map((i) => i.label!.split(':')[0])).toEqual(['Verbatim', 'Verbatim', 'Unsupported']);
    expect(a.verdict).toBe('unsupported');
    expect(a.title).toMatch(/^Unsupported: checked 3 quoted passages/);
  });

  it('uses the speaker named near each passage', async () => {
    const a = await ask('/verify Reyes said "we will not support a budget that cuts 4,000 teaching jobs", and Lind said "this city can never build again"');
    expect(a.items.map((i) => i.label!.split(':')[0])).toEqual(['Misattributed', 'Altered']);
    expect(a.verdict).toBe('misattributed');
    expect(a.items[1]!.notes!.some((n) => /negation added/.test(n))).toBe(true);
  });

  it('orders verdicts unsupported > misattributed > altered > verbatim', async () => {
    expect(worstVerdict(['verbatim', 'altered'])).toBe('altered');
    expect(worstVerdict(['altered', 'misattributed', 'verbatim'])).toBe('misattributed');
    expect(worstVerdict(['misattributed', 'unsupported'])).toBe('unsupported');
    expect(worstVerdict([])).toBe('verbatim');
  });
});

describe('candidate prefilter', () => {
  it('finds the one matching quote among many that share common words', async () => {
    const many = [...QUOTES];
    const big = makeLibrary(many, SPEAKERS);
    // Thousands of quotes that share the claim's commonest words but not its rare ones.
    for (let i = 0; i < 3000; i++) {
      big.quotes.quotes.push({ ...big.quotes.quotes[0]!, id: `filler#${i}`, text: `the budget and the state and every plan number ${i}`, speakerId: 'tom reyes' });
    }
    const claim = vtokens('We will not support a budget that cuts 4,000 teaching jobs');
    const picked = candidateQuotes(big.quotes, claim);
    expect(picked.length).toBeLessThanOrEqual(64);
    expect(big.quotes.quotes[picked[0]!]!.text).toContain('teaching jobs');
  });
});

describe('quotes whose speaker the extractor left open', () => {
  it('counts as the named speaker\'s when the sentence around it names them', async () => {
    const a = await ask('/verify "The waterfront belongs to everyone" by Lind');
    expect(a.verdict).toBe('verbatim');
  });

  it('cannot confirm a named speaker when the article names no one', async () => {
    const a = await ask('/verify "We expect the work to start in May" by Reyes');
    expect(a.verdict).toBe('unsupported');
    expect(a.notes!.join(' ')).toContain('does not say who said them');
    expect(a.items[0]!.kind).toBe('match');
    expect(a.items[0]!.label).toBe('Quoted, speaker not named in the article');
  });

  it('is verbatim, without a speaker, when the claim names none', async () => {
    const a = await ask('/verify "We expect the work to start in May"');
    expect(a.verdict).toBe('verbatim');
    expect(a.title).toBe('Verbatim: these words were quoted (the article does not say by whom)');
  });
});

describe('/verify on odd input', () => {
  it('answers a claim with no words plainly', async () => {
    const a = await ask('/verify "…!?"');
    expect(a.verdict).toBe('unsupported');
    expect(a.title).toMatch(/no words to check/);
    expect(a.items).toEqual([]);
  });

  it('asks for words when given none', async () => {
    const a = await ask('/verify');
    expect(a.error?.code).toBe('empty-query');
  });

  it('checks a long pasted paragraph with mentions and odd Unicode without failing', async () => {
    const text = `@everyone <!channel> ${'the budget protects every family in the state and '.repeat(8)}ＵＳ economy 🙂`;
    const a = await ask(`/verify ${text}`);
    expect(['altered', 'unsupported']).toContain(a.verdict);
    for (const it of a.items) for (const s of it.sources) expect(lib.byId.has(s.file)).toBe(true);
  });
});

describe('eval/claims.json', async () => {
  const { readFile } = await import('node:fs/promises');
  const doc = JSON.parse(await readFile(new URL('../../eval/claims.json', import.meta.url), 'utf8')) as { claims: Array<{ line: string; expected: string; kind: string }> };
  it('holds at least 40 claims of every kind, each a /verify line with a known verdict', async () => {
    expect(doc.claims.length).toBeGreaterThanOrEqual(40);
    const verdicts = new Set(doc.claims.map((c) => c.expected));
    expect([...verdicts].sort()).toEqual(['altered', 'misattributed', 'unsupported', 'verbatim']);
    for (const c of doc.claims) expect(c.line.startsWith('/verify ')).toBe(true);
  });
});

describe('short claims', () => {
  it('a one-word change in a short claim is altered, the unchanged words verbatim', async () => {
    const a = await ask('/verify "We will not support a budget" by Holloway');
    expect(a.verdict).toBe('verbatim');
    const b = await ask('/verify "We will not oppose" by Holloway');
    expect(b.verdict).toBe('altered');
  });

  it('counts one content word inside a run of three as close, two scattered words not', async () => {
    expect(classify(align(vtokens('I gave up everything'), vtokens('I gave up NOTHING')), null)).toBe('close');
    expect(classify(align(vtokens('They want war'), vtokens("They definitely don't want Trump!")), null)).toBe('none');
    expect(classify(align(vtokens('I love Russia'), vtokens('You don’t have this problem in Russia but we do')), null)).toBe('none');
  });

  it('two words shared out of order are not a match', async () => {
    expect((await ask('/verify "help their vote"')).verdict).toBe('unsupported');
  });
});

describe('speaker given as a role', () => {
  it('checks the words against the role holder and says how it read the role', async () => {
    const a = await ask('/verify "this budget protects every family in the state" by the governor');
    expect(a.verdict).toBe('verbatim');
    expect(a.notes!.join(' ')).toContain('Took "the governor" to mean Tom Reyes');
  });
});
