import type { EvalReport } from './report.js';

// Placeholder until its issue lands.
export async function runVerifyEval(): Promise<EvalReport> {
  return { name: 'verify', metrics: {}, details: ['not implemented yet'] };
}
