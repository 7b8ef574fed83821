import type { EvalReport } from './report.js';

// Placeholder until its issue lands.
export async function runDateEval(): Promise<EvalReport> {
  return { name: 'dates', metrics: {}, details: ['not implemented yet'] };
}
