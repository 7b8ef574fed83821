/**
 * The store cannot answer now (its worker stopped, its database is down): commands
 * answer "the corpus is unavailable, try again" instead of failing, and the bot keeps running.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}
