// The Discord boundary, in front of discord.js. discord.js builds an Interaction
// (and other structures) from each gateway event inside its packet handler, and
// reads fields without checking them: an INTERACTION_CREATE with a null event,
// null data or neither member nor user throws there, outside any handler of ours,
// and the uncaught exception ended the process. The guard catches what that
// handler throws, logs it, answers the interaction with an error when it still
// carries an id and a token, and lets every other event through unchanged.
import { MessageFlags, Routes, type Client, InteractionResponseType } from 'discord.js';
import type { Logger } from 'pino';

type PacketHandler = (packet: unknown, shard: unknown) => boolean;

export function guardGateway(client: Client, logger: Logger): void {
  // handlePacket is internal to discord.js's WebSocketManager; it is called as
  // this.handlePacket(...), so an own property takes its place. The malformed-input
  // tests fail if a new discord.js version moves it.
  const ws = client.ws as unknown as { handlePacket: PacketHandler };
  const original: PacketHandler = ws.handlePacket.bind(ws);
  ws.handlePacket = (packet, shard) => {
    try {
      return original(packet, shard);
    } catch (err) {
      const p = (typeof packet === 'object' && packet !== null ? packet : {}) as { t?: unknown; d?: unknown };
      logger.warn({ err, event: typeof p.t === 'string' ? p.t : null }, 'dropped a malformed Discord gateway event');
      if (p.t === 'INTERACTION_CREATE') void tellUser(client, p.d, logger);
      return true;
    }
  };
}

/** An interaction that can still be answered gets a private error instead of silence. */
async function tellUser(client: Client, d: unknown, logger: Logger): Promise<void> {
  const { id, token } = (typeof d === 'object' && d !== null ? d : {}) as { id?: unknown; token?: unknown };
  if (typeof id !== 'string' || typeof token !== 'string' || !/^\d{1,25}$/.test(id)) return;
  try {
    await client.rest.post(Routes.interactionCallback(id, token), {
      body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'Sorry, quotebot could not read that request. Please try again.', flags: MessageFlags.Ephemeral } },
      auth: false,
    });
  } catch (err) {
    logger.warn({ err, interaction: id }, 'could not tell the user their interaction was malformed');
  }
}
