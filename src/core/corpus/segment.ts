// Paragraph and sentence segmentation of cleaned text.
// (Placeholder: blank-line/line paragraphs, naive sentences. Real rules land with issue 2.)
import type { Paragraph, Sentence } from '../types.js';

export function segment(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const re = /[^\n]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!m[0].trim()) continue;
    paragraphs.push({ index: paragraphs.length, start, end, text: m[0], sentences: splitSentences(text, start, end) });
  }
  return paragraphs;
}

export function splitSentences(text: string, start: number, end: number): Sentence[] {
  const out: Sentence[] = [];
  const re = /[^.!?]+[.!?]*["”’]?\s*/g;
  const chunk = text.slice(start, end);
  for (let m = re.exec(chunk); m; m = re.exec(chunk)) {
    if (!m[0]) break;
    const s = start + m.index;
    const e = s + m[0].trimEnd().length;
    if (e > s) out.push({ start: s, end: e, text: text.slice(s, e) });
  }
  return out;
}
