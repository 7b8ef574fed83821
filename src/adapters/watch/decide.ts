// What a watched channel gets for one message, from the /verify answer "Check
// quotes" would give: a reply when a passage is altered or misattributed, a
// reaction when every passage is verbatim, and nothing otherwise (unsupported
// is not an accusation: the corpus may simply not have it).
import type { Answer, Verdict } from '../../core/answer.js';

export type WatchDecision = { kind: 'reply'; answer: Answer } | { kind: 'react' } | { kind: 'none' };

const WRONG: ReadonlySet<Verdict> = new Set<Verdict>(['altered', 'misattributed']);

export function decideWatch(answer: Answer): WatchDecision {
  if (answer.error || !answer.verdict) return { kind: 'none' };
  const perPassage = answer.items.some((i) => i.verdict);
  if (!perPassage) {
    if (WRONG.has(answer.verdict)) return { kind: 'reply', answer };
    return answer.verdict === 'verbatim' ? { kind: 'react' } : { kind: 'none' };
  }
  const wrong = answer.items.filter((i) => i.verdict && WRONG.has(i.verdict));
  if (wrong.length) {
    const verdict: Verdict = wrong.some((i) => i.verdict === 'misattributed') ? 'misattributed' : 'altered';
    const n = answer.items.length;
    return {
      kind: 'reply',
      answer: {
        ...answer,
        verdict,
        title: `${wrong.length} of ${n} quoted passages ${wrong.length === 1 ? 'differs' : 'differ'} from the record`,
        summary: null,
        items: wrong,
      },
    };
  }
  return answer.items.every((i) => i.verdict === 'verbatim') ? { kind: 'react' } : { kind: 'none' };
}
