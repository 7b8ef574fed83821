// Lines that are page furniture, not article text: ad markers, share bars,
// photo captions and credits, "Read more" tails, breadcrumbs. Each rule is a
// predicate on one space-normalised line, written from the shape of the
// furniture (never from the words of a particular article).

// Lone markers that sites print between paragraphs ("ADVERTISEMENT",
// "Story continues below advertisement", "SCROLL TO CONTINUE WITH CONTENT").
const AD_MARKER = new RegExp(
  '^(?:' +
    [
      'ADVERT(?:ISEMENT|ISING|ORIAL)?S?',
      'ADS?',
      'SPONSORED(?: CONTENT| STORIES| LINKS| POST)?',
      'PAID (?:CONTENT|POST|PARTNER CONTENT)',
      'PROMOTED(?: CONTENT| STORIES)?',
      'PARTNER CONTENT',
      '(?:STORY|ARTICLE) CONTINUES (?:BELOW|AFTER)(?: (?:THIS|THE))?(?: AD(?:VERTISEMENT)?)?',
      'CONTINUE READING(?: THE MAIN STORY| BELOW)?',
      'SCROLL (?:DOWN )?TO CONTINUE(?: READING| WITH CONTENT)?',
      'SKIP ADVERT(?:ISEMENT)?',
      'ADVERTISEMENT - SCROLL TO CONTINUE',
      '(?:WATCH|PLAY|LISTEN)(?: VIDEO| NOW| LIVE)?',
      'VIDEO',
      'RELATED(?: VIDEO| CONTENT| ARTICLES| STORIES)?',
      'READ MORE',
      'MORE',
      'TRENDING(?: NOW)?',
      'RECOMMENDED',
      'LOADING',
      'SHARE(?: THIS(?: ARTICLE| STORY)?)?',
      'PRINT',
      'COMMENTS?',
      'SUBSCRIBE(?: NOW)?',
      'SIGN UP',
      'CLOSE',
      'ZOOM',
      'EXPAND',
      'TOGGLE CAPTION',
      'HIDE CAPTION',
    ].join('|') +
    ')[\\s.:…-]*$',
  'i',
);

/** A lone ad/marker line. */
export function isAdMarker(text: string): boolean {
  return text.length <= 60 && AD_MARKER.test(text);
}

const SHARE_WORDS = new Set([
  'twitter', 'facebook', 'reddit', 'pinterest', 'email', 'e-mail', 'mail', 'whatsapp', 'linkedin',
  'share', 'tweet', 'print', 'copy', 'link', 'messenger', 'telegram', 'flipboard', 'tumblr', 'sms',
  'x', 'google+', 'pocket', 'comments', 'comment', 'save', 'url', 'instagram', 'youtube', 'threads',
  'bluesky', 'mastodon', 'gmail', 'outlook', 'vk', 'line', 'viber',
]);
const SHARE_FILLERS = new Set(['this', 'article', 'story', 'on', 'via', 'the', 'to', 'with', 'and', 'page', 'or']);
const SHARE_SPLIT = /[\s|•·,/]+/;

const SHARE_GATE = new RegExp(`^(?:${[...SHARE_WORDS, ...SHARE_FILLERS].map((w) => w.replace(/[+]/g, '\\+')).join('|')})(?![\\p{L}])`, 'iu');

/** A share bar: a line made only of social-network and share words. */
export function isShareBar(text: string): boolean {
  if (text.length > 160 || !SHARE_GATE.test(text)) return false;
  let networks = 0;
  for (const raw of text.split(SHARE_SPLIT)) {
    if (!raw) continue;
    const w = raw.toLowerCase().replace(/[:()[\]]/g, '');
    if (SHARE_WORDS.has(w)) networks++;
    else if (!SHARE_FILLERS.has(w) && !/^\d+$/.test(w)) return false;
  }
  return networks >= 2;
}

// Photo agencies and credit words as they close a caption.
const AGENCY =
  '(?:Getty Images(?: for [\\p{Lu}][\\p{L}]*(?: [\\p{Lu}][\\p{L}]*){0,3})?|Getty|AAP(?: Image| Photos?)?|AP(?: Photo| Images)?|AFP|Reuters|EPA(?:-EFE)?|EFE|Shutterstock|Bloomberg|Alamy(?: Stock Photo)?|PA(?: Wire| Images| Media)?|Xinhua|Sipa(?: USA)?|ZUMA(?: Press| Wire)?|NurPhoto|Anadolu(?: Agency)?|TASS|Sputnik|UPI|dpa|ANP|Kyodo|Yonhap|Newscom|Redux|SOPA Images|LightRocket|WireImage|FilmMagic|Rex Features|REX|iStock|The Associated Press|Associated Press)';
const AGENCY_CHAIN = `${AGENCY}(?: via ${AGENCY})?`;
const NAME_WORD = "[\\p{Lu}][\\p{L}.'’-]*";
const CREDIT_WORD =
  '(?:Photo illustration|Photo credit|Image credit|Picture credit|Main image|Top image|Photos?|Photograph|Pictures?|Images?|Video|Credits?|Source|Illustration)';
// "Steffen Kugler Getty Images", "Getty Images", "AP Photo/Evan Vucci", "Chip Somodevilla/Getty Images", "Brendan Smialowski/AFP via Getty Images"
const AGENCY_CREDIT = `(?:(?:${NAME_WORD} ){0,4}${AGENCY_CHAIN}|(?:${NAME_WORD} ){0,3}${NAME_WORD} ?[/|] ?${AGENCY_CHAIN}|${AGENCY_CHAIN} ?[/|] ?(?:${NAME_WORD} ?){1,4})`;
// "Photo: AAP", "Source: AAP", "Photo by John Smith/Getty Images", "Image credit: Supplied"
const KEYWORD_CREDIT = `(?:${CREDIT_WORD}(?: by)? ?[:|] ?[^.!?:()]{1,60}|${CREDIT_WORD} by [^.!?:()]{1,60})`;

const CREDIT_ONLY = new RegExp(`^\\(?(?:${KEYWORD_CREDIT}|${AGENCY_CREDIT})\\)?$`, 'u');
// A caption closes with a credit, either after a sentence end ("… meeting.
// Source: AAP", "… summit. Steffen Kugler Getty Images") or in brackets
// ("(Photo: Pablo Martinez Monsivais/AP)", "(AP Photo/Evan Vucci)").
const TAIL_CREDIT = new RegExp(`^(?:${KEYWORD_CREDIT}|${AGENCY_CREDIT})$`, 'u');
const BRACKET_CREDIT = new RegExp(`^\\((?:[^()]{0,40}\\b)?(?:${CREDIT_WORD}|${AGENCY_CHAIN})\\b[^()]{0,80}\\)$`, 'u');
/** Longest credit that can close a caption; bounds the search. */
const MAX_CREDIT = 140;
const SENTENCE_END = '.!?"”’)';
const NOT_CREDIT_END = '.!?"”’,;:…';

/** A line that is only a photo credit. */
export function isCreditOnly(text: string): boolean {
  return text.length <= 120 && CREDIT_ONLY.test(text);
}

/** Where a caption's closing credit starts, or -1. */
export function creditTailStart(text: string): number {
  const n = text.length;
  if (n < 6) return -1;
  // A credit ends with a name or a bracket, never with sentence punctuation: most lines stop here.
  if (NOT_CREDIT_END.includes(text[n - 1]!)) return -1;
  if (text.charCodeAt(n - 1) === 41 /* ) */) {
    const open = text.lastIndexOf('(');
    if (open > 0 && text[open - 1] === ' ' && n - open <= MAX_CREDIT && BRACKET_CREDIT.test(text.slice(open))) return open;
  }
  // Try each sentence end near the line's end, leftmost first: the longest credit wins.
  for (let p = Math.max(2, n - MAX_CREDIT); p < n; p++) {
    if (text.charCodeAt(p - 1) !== 32 || !SENTENCE_END.includes(text[p - 2]!)) continue;
    if (TAIL_CREDIT.test(text.slice(p))) return p;
  }
  return -1;
}

// "Read more from Yahoo News:", "Related:", "See also", "Read more: <headline>".
const READ_MORE_HEAD =
  /^(?:Read more(?: (?:from|about|on|at) [^:]{1,60})?|More (?:from|on|about) [^:]{1,60}|Related(?: coverage| stories| articles| content| reading| links| news)?|See also|Also read|Read also|Read next|Recommended(?: reading| for you)?|Further reading|Most (?:popular|read)|Trending(?: now)?|You may also like|You might also like|Don't miss|Don’t miss)\s*(:\s*(.*))?$/i;

export type ReadMore = 'none' | 'header' | 'line';

/** A "Read more" line: `header` opens a list of links, `line` is one self-contained link. */
export function readMoreKind(text: string): ReadMore {
  if (text.length > 220) return 'none';
  const m = READ_MORE_HEAD.exec(text);
  if (!m) return 'none';
  if (m[1] === undefined) return text.length <= 80 ? 'header' : 'none';
  return m[2] ? 'line' : 'header';
}

/** A link title under a "Read more:" header: short, no sentence end, or a bullet. */
export function looksLikeLinkTitle(text: string): boolean {
  if (/^[-–•*·]\s/.test(text)) return true;
  return text.length <= 160 && !/[.;,]$/.test(text);
}

const CRUMB_TOKEN = /^(?:[\p{Lu}\d][\p{L}\d&'’.-]*|[>›»/|•·:–-])$/u;

/** A breadcrumb prefix: a few capitalised words or separators ("News World", "Home › Politics ›"). */
export function isBreadcrumb(prefix: string): boolean {
  const p = prefix.trim();
  if (!p || p.length > 60) return false;
  const tokens = p.split(' ');
  return tokens.length <= 6 && tokens.every((t) => CRUMB_TOKEN.test(t));
}

/** A whole breadcrumb line at the top: "Home > News > World". */
export function isBreadcrumbLine(text: string): boolean {
  return isBreadcrumb(text) && /\s[>›»/|•·]\s/.test(` ${text} `) && text.split(' ').length >= 3;
}
