// Autocomplete choices for Discord, read from the store (which keeps the word
// lists; Discord re-asks at every keystroke and waits 3 s at most).
import type { Store, SuggestKind } from '../../core/store/types.js';

/** Discord's limits for autocomplete: 25 choices, name and value ≤ 100 characters. */
export const MAX_CHOICES = 25;

export interface Choice {
  name: string;
  value: string;
}

async function choices(store: Store, kind: SuggestKind, typed: string): Promise<Choice[]> {
  return (await store.suggest(kind, typed, MAX_CHOICES)).map((s) => ({ name: s.label, value: s.value }));
}

/** /quote query: speaker names first, then quoted phrases. */
export function quoteChoices(store: Store, typed: string): Promise<Choice[]> {
  return choices(store, 'quote', typed);
}

/** /timeline topic: names and the capitalised words of dated sentences. */
export function topicChoices(store: Store, typed: string): Promise<Choice[]> {
  return choices(store, 'topic', typed);
}

/** /verify speaker: speaker names. */
export function speakerChoices(store: Store, typed: string): Promise<Choice[]> {
  return choices(store, 'speaker', typed);
}
