// `npm run eval`: scores the extractors and /verify against the hand annotation.
// Flags: --verbose prints every miss; --json prints the reports as JSON.
import type { EvalReport } from './report.js';
import { runNewsDevQuoteEval, runQuoteEval } from './quotes.js';
import { runDateEval } from './dates.js';
import { runVerifyEval } from './verify.js';

const verbose = process.argv.includes('--verbose');
const asJson = process.argv.includes('--json');

const reports: EvalReport[] = [];
for (const run of [runQuoteEval, runNewsDevQuoteEval, runDateEval, runVerifyEval]) reports.push(await run());

if (asJson) {
  console.log(JSON.stringify(reports, null, 2));
} else {
  for (const r of reports) {
    console.log(`${r.name}: ${Object.entries(r.metrics).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(3)}`).join('  ')}`);
    const shown = verbose ? r.details : r.details.slice(0, 5);
    for (const d of shown) console.log(`  - ${d}`);
    if (!verbose && r.details.length > shown.length) console.log(`  … ${r.details.length - shown.length} more (--verbose)`);
  }
}
