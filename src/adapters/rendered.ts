// An answer rendered where it is computed. The main thread receives, acks and
// delivers; a burst of 50 commands at 10k spent about as much of its CPU there
// on answers as on acks: each Answer (a /timeline one some 40–70 KB of objects)
// was copied over from the store thread, rendered into blocks, serialized to
// JSON and then collected, and its young objects, alive while the next
// requests were read, were promoted and marked. The store thread now renders
// the answer for the platform that asked and sends the body to post, one
// string. The renderers are the adapters' own pure functions: no SDK here.
import type { Answer } from '../core/answer.js';
import { renderAnswer, renderFailure, type SlackMessage } from './slack/render.js';

/** How the asking platform shows an answer: what its renderer needs. */
export type RenderSpec = { platform: 'slack'; line: string; skip: number; visibility: 'ephemeral' | 'in_channel' };

/** What the store thread sends back: the body to post, or (for a command the main thread finishes) the answer. */
export type Rendered = { body: string } | { answer: Answer };

/** The body for `answer`, unless its command is one of `unrendered` (finished by the caller, then rendered). */
export function renderUnless(answer: Answer, spec: RenderSpec, unrendered: readonly string[]): Rendered {
  return unrendered.includes(answer.command) ? { answer } : { body: renderBody(answer, spec) };
}

/** A Slack message as a response_url body: a new message, never the one the command came from. */
export function slackBody(message: SlackMessage): string {
  return JSON.stringify({ ...message, replace_original: false });
}

/** The body the platform posts for `answer`. */
export function renderBody(answer: Answer, spec: RenderSpec): string {
  return slackBody(renderAnswer(answer, spec));
}

/** The body for an answer that failed to be made or rendered. */
export function failureBody(): string {
  return slackBody(renderFailure());
}
