// `/quotebot watch on|off|status` in a Slack channel.
import type { WatchList } from '../watch/list.js';
import { escapeMrkdwn } from './escape.js';
import type { SlackMessage } from './render.js';

export interface WatchWhere {
  team: string;
  channel: string;
  user: string;
  /** Slack sends "directmessage" / "privategroup" for places watch makes no sense in. */
  channelType?: string;
}

export async function watchReply(watch: WatchList, mode: 'on' | 'off' | 'status' | null, where: WatchWhere): Promise<SlackMessage> {
  const say = (text: string, visibility: 'ephemeral' | 'in_channel' = 'ephemeral'): SlackMessage => ({
    response_type: visibility,
    text: escapeMrkdwn(text),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text) } }],
  });
  if (mode === null) return say('Usage: /quotebot watch on | off | status');
  if (where.channelType === 'directmessage' || where.channel.startsWith('D')) return say('Watch works in channels, not in direct messages. Type /quotebot watch on in the channel to watch.');
  const before = await watch.get(where.team, where.channel);
  if (mode === 'status') {
    return say(
      before
        ? `quotebot watches this channel (since ${before.since.slice(0, 10)}): a message that quotes someone wrongly gets one thread reply with the record; an exact quote gets ✅.`
        : 'quotebot does not watch this channel. /quotebot watch on checks every new message here that quotes someone.',
    );
  }
  if (mode === 'on') {
    if (before) return say('quotebot already watches this channel.');
    await watch.set(where.team, where.channel, true, where.user);
    // Said to everyone: a channel should know its quotes are being checked.
    return say(
      'quotebot now watches this channel: a message that quotes someone wrongly gets one thread reply with the record and its source; an exact quote gets ✅. /quotebot watch off stops it. (quotebot must be a member of the channel: /invite @quotebot.)',
      'in_channel',
    );
  }
  if (!before) return say('quotebot was not watching this channel.');
  await watch.set(where.team, where.channel, false, where.user);
  return say('quotebot no longer watches this channel.', 'in_channel');
}
