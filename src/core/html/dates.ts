// Date values as pages write them in metadata → YYYY-MM-DD, or null. The date
// part is read as written (the publisher's local date when an offset is given),
// never shifted by a time zone: "2016-12-22T10:43:37-08:00" is 2016-12-22.
import { normaliseDate } from '../corpus/meta.js';

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

function ymd(y: number, m: number, d: number): string | null {
  const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return normaliseDate(s);
}

function month(name: string): number {
  return MONTHS[name.toLowerCase().slice(0, 3)]!;
}

// "July 29, 2016", "Jul. 29 2016"
const MDY = new RegExp(`^${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
// "29 July 2016", "16 November 2017 • 2:15pm"
const DMY = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+(\\d{4})\\b`, 'i');
// JavaScript's Date.toString shape: "Fri Mar 13 21:30:09 EST 2015"
const CTIME = new RegExp(`^(?:mon|tue|wed|thu|fri|sat|sun)\\w*,?\\s+${MONTH}\\s+(\\d{1,2})\\s+\\d{1,2}:\\d{2}(?::\\d{2})?\\s+(?:[A-Z]{2,5}\\s+)?(\\d{4})$`, 'i');
// RFC 822 (feeds, http): "Fri, 13 Mar 2015 21:30:09 +1100"
const RFC822 = new RegExp(`^(?:(?:mon|tue|wed|thu|fri|sat|sun)\\w*,?\\s+)?(\\d{1,2})\\s+${MONTH}\\s+(\\d{4})\\b`, 'i');

/** A metadata date value → YYYY-MM-DD; null when it is not a whole date. */
export function readDateValue(raw: string | null | undefined): string | null {
  const v = (raw ?? '').trim();
  if (!v) return null;
  const iso = normaliseDate(v) ?? normaliseDate(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (iso) return iso;
  let m = /^(\d{4})(\d{2})(\d{2})(?:\d{6})?$/.exec(v);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})[/.](\d{2})[/.](\d{2})\b/.exec(v);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = MDY.exec(v);
  if (m) return ymd(Number(m[3]), month(m[1]!), Number(m[2]));
  m = DMY.exec(v) ?? RFC822.exec(v);
  if (m) return ymd(Number(m[3]), month(m[2]!), Number(m[1]));
  m = CTIME.exec(v);
  if (m) return ymd(Number(m[3]), month(m[1]!), Number(m[2]));
  return null;
}

/** The date in a URL path: /2021/06/04/ or /2021-06-04/ (a whole date only; /2015/04/ is not one). */
export function dateInUrl(url: string | null): string | null {
  if (!url) return null;
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const m = /\/((?:19|20)\d{2})[/-](\d{2})[/-](\d{2})(?=[/_-]|$)/.exec(pathname);
  return m ? ymd(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/**
 * A dateline at the start of the text: "WASHINGTON, July 16, 2018 —",
 * "February 1, 2016: …", "Published 3 March 2019". Only a whole date with its year counts.
 */
export function datelineDate(text: string): string | null {
  const head = text.slice(0, 200);
  const m = new RegExp(
    `^(?:(?:published|updated|posted)(?: on)?:?\\s+)?(?:[\\p{Lu}][\\p{Lu}\\p{L} .'’-]{1,40},\\s+)?((?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4})|(?:\\d{1,2}\\s+${MONTH}\\s+\\d{4}))\\s*(?:[-—–:(|]|\\d{1,2}:\\d{2})`,
    'iu',
  ).exec(head);
  // An "Updated …" line dates a revision, not the publication.
  if (!m || /^updated/i.test(head)) return null;
  return readDateValue(m[1]!);
}
