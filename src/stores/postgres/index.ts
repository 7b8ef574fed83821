// The PostgreSQL side's entry points for the CLI, the bot and the tests.
export { openDatabase, redactUrl } from './database.js';
export { PgSharedState } from './state.js';
export { ingestFolder, INGEST_QUERY_TIMEOUT_MS, type IngestReport, type IngestProgress } from './ingest.js';
export { isConnectionError } from './pool.js';
