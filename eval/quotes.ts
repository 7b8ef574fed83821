import type { EvalReport } from './report.js';

// Placeholder until its issue lands.
export async function runQuoteEval(): Promise<EvalReport> {
  return { name: 'quotes', metrics: {}, details: ['not implemented yet'] };
}
