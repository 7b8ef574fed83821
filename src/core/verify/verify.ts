// /verify as an Answer: one claim, or every quoted passage of a message.
//
// Message mode: one item per passage, its verdict in the item's label and
// first note; the Answer's verdict is the worst of them, in the order
// unsupported > misattributed > altered > verbatim (one unsupported passage is
// enough to make the message's quoting unreliable).
import type { Answer, AnswerItem, Verdict } from '../answer.js';
import type { Store } from '../store/types.js';
import { checkClaim, NEAREST_LABEL, type ClaimCheck } from './check.js';
import { parseVerifyArgs, type ClaimRequest, type VerifyRequest } from './parse.js';

export const VERDICT_ORDER: readonly Verdict[] = ['verbatim', 'altered', 'misattributed', 'unsupported'];

export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  let worst: Verdict = 'verbatim';
  for (const v of verdicts) if (VERDICT_ORDER.indexOf(v) > VERDICT_ORDER.indexOf(worst)) worst = v;
  return worst;
}

const VERDICT_WORD: Record<Verdict, string> = {
  verbatim: 'Verbatim',
  altered: 'Altered',
  misattributed: 'Misattributed',
  unsupported: 'Unsupported',
};

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s;
}

/**
 * Parse with the store's reading of names. The parser asks "is this a speaker?"
 * synchronously and which names it asks depends on the answers, so it runs
 * again with every name it asked resolved, until it asks nothing new (two or
 * three passes: a handful of names per message).
 */
async function parseWithStore(store: Store, args: string): Promise<VerifyRequest> {
  const known = new Map<string, boolean>();
  for (;;) {
    const asked = new Set<string>();
    const parsed = parseVerifyArgs(args, (name) => {
      const k = known.get(name);
      if (k === undefined) asked.add(name);
      return k ?? false;
    });
    if (asked.size === 0) return parsed;
    const names = [...asked];
    const found = await Promise.all(names.map((n) => store.resolveSpeaker(n)));
    names.forEach((n, i) => known.set(n, found[i]?.exact === true));
  }
}

export async function verifyAnswer(store: Store, args: string): Promise<Answer> {
  const parsed = await parseWithStore(store, args);
  if (parsed.mode === 'single') {
    const r = parsed.request;
    if (!r.claim.trim()) {
      return { command: 'verify', query: args, title: 'Nothing to check: give the claimed words, e.g. /verify "words" by Speaker', items: [], verdict: null, error: { code: 'empty-query', message: 'No claimed words to check.' } };
    }
    const check = await checkClaim(store, r.claim, r.speaker);
    return toAnswer(args, check, r);
  }
  return messageAnswer(store, args, parsed.requests);
}

function toAnswer(query: string, check: ClaimCheck, r: ClaimRequest): Answer {
  const notes = [...check.notes];
  notes.unshift(`Claim checked: “${clip(r.claim, 200)}”${r.speaker ? ` attributed to ${r.speaker}` : ' (no speaker named)'}`);
  return { command: 'verify', query, title: check.title, summary: check.summary, items: check.items, verdict: check.verdict, notes };
}

async function messageAnswer(store: Store, query: string, requests: readonly ClaimRequest[]): Promise<Answer> {
  const items: AnswerItem[] = [];
  const verdicts: Verdict[] = [];
  const counts = new Map<Verdict, number>();
  for (const r of requests) {
    const check = await checkClaim(store, r.claim, r.speaker);
    verdicts.push(check.verdict);
    counts.set(check.verdict, (counts.get(check.verdict) ?? 0) + 1);
    const head = `${VERDICT_WORD[check.verdict]}: “${clip(r.claim, 120)}”${r.speaker ? ` (attributed to ${r.speaker})` : ''}`;
    const top = check.items[0];
    const item: AnswerItem = top
      ? { ...top, label: top.kind === 'snippet' ? `${head} — ${NEAREST_LABEL.toLowerCase()}` : head }
      : { kind: 'snippet', text: '', label: head, sources: [] };
    item.notes = [check.title, ...(top?.notes ?? []), ...check.notes].slice(0, 10);
    items.push(item);
  }
  const verdict = worstVerdict(verdicts);
  const tally = VERDICT_ORDER.filter((v) => counts.has(v)).map((v) => `${counts.get(v)} ${v}`).join(', ');
  return {
    command: 'verify',
    query,
    title: `${VERDICT_WORD[verdict]}: checked ${requests.length} quoted passages (${tally})`,
    summary: 'The overall verdict is the worst of the passages (unsupported > misattributed > altered > verbatim).',
    items,
    verdict,
    notes: [],
  };
}
