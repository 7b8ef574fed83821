// The `extract --json` view of an article's quotes (the CLI imports it from here).
export { quotesForExtract } from './store.js';
