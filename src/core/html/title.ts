// Titles without the outlet's suffix ("… - Breitbart", "… | Reuters",
// "… - Feb. 1, 2016"), and outlet names as people write them.
import { readDateValue } from './dates.js';

/** Separators outlets put between the headline and their name. */
const SEPARATOR = /\s+(?:[|–—·•:]{1,2}|-{1,2})\s+/g;
const TLD = /\.(?:com|co\.uk|co|org|net|fr|de|com\.au|au|uk|ca|ie|nz|in|es|it|news)$/i;

/** Letters and digits only, lower case, without a trailing TLD: "Salon.com" ~ "salon", "HeraldSun" ~ "Herald Sun". */
function key(s: string): string {
  return s.trim().replace(TLD, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export function sameName(a: string, b: string): boolean {
  const ka = key(a);
  return ka.length > 0 && ka === key(b);
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[‘’´`]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
}

/**
 * Cut the last separator-delimited part when it is the outlet (named by the
 * page's other metadata), a date, or what remains once the page's own
 * headline (an <h1>) is taken out. Returns the cut part as `suffix`
 * when it reads as a name, so it can name the outlet.
 */
export function splitTitle(raw: string, outletNames: readonly string[], h1s: readonly string[]): { title: string; suffix: string | null } {
  let title = raw.replace(/\s+/g, ' ').trim();
  let suffix: string | null = null;
  for (let round = 0; round < 2; round++) {
    const seps = [...title.matchAll(SEPARATOR)];
    const last = seps[seps.length - 1];
    if (!last || last.index === undefined) break;
    const head = title.slice(0, last.index).trim();
    const tail = title.slice(last.index + last[0].length).trim();
    if (!head || !tail) break;
    const isOutlet = outletNames.some((n) => sameName(n, tail));
    const isDate = readDateValue(tail) !== null || /^\w{3,9}\.? \d{1,2},? \d{4}$/.test(tail);
    const headIsShown = h1s.includes(norm(head)) && tail.split(' ').length <= 5;
    if (!isOutlet && !isDate && !headIsShown) break;
    if (!isDate && !suffix) suffix = tail;
    title = head;
  }
  return { title, suffix };
}

/** An outlet name as people write it: no URL, no ".com" ("Salon.com" → "Salon", "Le Monde.fr" → "Le Monde"). */
export function tidyOutlet(raw: string): string | null {
  let s = raw.replace(/\s+/g, ' ').trim();
  if (!s) return null;
  if (/^(?:https?:)?\/\//i.test(s) || /^www\./i.test(s)) return outletFromHost(/^https?:/i.test(s) ? s : `https://${s.replace(/^\/\//, '')}`);
  if (/^@/.test(s)) return null;
  s = s.replace(/(\p{L})\.(?:com|co\.uk|fr|de|com\.au|co|net|org)$/iu, '$1');
  return s.length <= 80 ? s : null;
}

const SECOND_LEVEL = /^(?:co|com|org|net|gov|ac|edu)$/;

/** The outlet named by a host, the last resort: "www.breitbart.com" → "Breitbart", "www.tmz.com" → "TMZ". */
export function outletFromHost(url: string | null): string | null {
  if (!url) return null;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (!host || /^[\d.]+$/.test(host) || host.includes(':') || host === 'localhost') return null;
  const parts = host.split('.');
  if (parts.length < 2) return null;
  let i = parts.length - 2;
  if (SECOND_LEVEL.test(parts[i]!) && i > 0) i--;
  const label = parts[i]!;
  // Short names are initialisms (CNN, TMZ, BBC); longer ones take a capital.
  return label.length <= 3 ? label.toUpperCase() : label.charAt(0).toUpperCase() + label.slice(1);
}
