import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../src/adapters/slack/logger.js';
import { captureLogger } from '../store/helpers.js';

describe('boltLogger', () => {
  it('builds a line only when its level is on: a debug object is not even serialised at info', () => {
    const { logger, lines } = captureLogger();
    logger.level = 'info';
    const log = boltLogger(logger);
    let serialised = 0;
    const payload = { toJSON: () => (serialised++, { token: 'xoxb-secret-value' }) };
    log.debug('envelope', payload);
    expect(serialised).toBe(0);
    expect(lines).toHaveLength(0);
    log.info('envelope', payload);
    expect(serialised).toBe(1);
    expect(lines).toHaveLength(1);
    // Still scrubbed when written.
    expect(lines[0]!.msg).not.toContain('xoxb-secret-value');
  });
});
