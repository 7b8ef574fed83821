// A page → its article text: Mozilla Readability finds the article in the
// DOM; quotebot then turns it into paragraphs and drops what Readability keeps
// but a quote, a speaker or a date must never come from: photo captions and
// their credits, "Image" lines, related-link headlines, author bios, print
// lines. Removal is by the shape of the element or the line, never by words
// of any particular page.
import { Readability } from '@mozilla/readability';
import { all, isElement, squash, TEXT_NODE, type DomDocument, type DomElement, type DomNode } from './dom.js';
import { repairChars } from './chars.js';
import { creditTailStart, isAdMarker, isCreditOnly, isShareBar } from '../corpus/rules/junk.js';

export interface PageBody {
  /** Paragraphs, one per block of the article. */
  paragraphs: string[];
  byline: string | null;
  lang: string | null;
  title: string | null;
}

/** Elements that hold captions, credits, bios, related links, never article prose. */
const FURNITURE_TAGS = 'figcaption, figure, picture, aside, nav, footer, noscript, template, form, button, dialog';
const FURNITURE_CLASS =
  /(?:^|[\s_-])(?:caption|credit|photo-?credit|image-?credit|byline-?bio|author-?(?:bio|info|card|details)|bio|about-?the-?author|contributor-?bio|related|recirc|more-?stories|read-?more|newsletter|promo|share|social|print-?info|print-?line|tags|breadcrumbs?)(?:$|[\s_-])/i;
/** An element with this much text is a container, not furniture, whatever its class says. */
const FURNITURE_MAX_CHARS = 1500;

const BLOCK = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'DL', 'DT', 'DD',
  'BLOCKQUOTE', 'PRE', 'TABLE', 'TR', 'TD', 'TH', 'TBODY', 'THEAD', 'HR', 'ADDRESS', 'FIGURE', 'FIGCAPTION',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT', 'EMBED', 'VIDEO', 'AUDIO', 'CANVAS', 'BUTTON', 'SELECT', 'INPUT']);

function classAndId(el: DomElement): string {
  return `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
}

/** Take furniture out of the page before Readability scores it. */
export function removeFurniture(doc: DomDocument): void {
  for (const el of all(doc, FURNITURE_TAGS)) el.remove();
  for (const el of all(doc, '[class], [id]')) {
    if (!el.parentNode) continue;
    if (el.tagName === 'BODY' || el.tagName === 'HTML') continue;
    if (FURNITURE_CLASS.test(classAndId(el)) && squash(el.textContent).length <= FURNITURE_MAX_CHARS) el.remove();
  }
}

interface Block {
  text: string;
  /** Characters of the block that sit inside links. */
  linked: number;
}

/** The article element → one block per paragraph-level element. */
export function toBlocks(root: DomNode): Block[] {
  const blocks: Block[] = [];
  let buf = '';
  let linked = 0;
  const flush = (): void => {
    const text = squash(buf);
    if (text) blocks.push({ text, linked: Math.min(linked, text.length) });
    buf = '';
    linked = 0;
  };
  const walk = (n: DomNode, inLink: boolean): void => {
    if (n.nodeType === TEXT_NODE) {
      const t = n.textContent ?? '';
      buf += t;
      if (inLink) linked += squash(t).length;
      return;
    }
    if (!isElement(n)) return;
    const tag = n.tagName.toUpperCase();
    if (SKIP.has(tag)) return;
    if (tag === 'BR') {
      flush();
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    const link = inLink || tag === 'A';
    for (const c of Array.from(n.childNodes)) walk(c, link);
    if (block) flush();
    else if (tag === 'A' || tag === 'SPAN' || tag === 'EM' || tag === 'STRONG' || tag === 'B' || tag === 'I') return;
  };
  walk(root, false);
  flush();
  return blocks;
}

// "A version of this article appears in print on July 30, 2016, on page B1 …"
const PRINT_LINE = /^(?:A version of this (?:article|story|op-ed|review|column|essay|interview|report|obituary|editorial|list)\b.{0,40}\bappears? in print\b|This (?:article|story) (?:appeared|appears) in (?:the )?(?:print|print edition)\b)/i;
// Lone labels a photo or player leaves behind.
const MEDIA_LABEL = /^(?:Image|Images|Photo|Photos|Photograph|Picture|Video|Gallery|Slideshow|Graphic|Audio|Media|Enlarge this image|View (?:gallery|slideshow|image)|Click to enlarge|Open image in gallery|Image \d+ (?:of|\/) \d+|\d+ (?:of|\/) \d+|Credit)[\s.:…-]*$/i;
// Credit/byline tails a wire story ends with.
const WIRE_CREDIT = /^(?:\(?(?:Additional )?(?:reporting|writing|editing) by\b.{0,200}\)?|Follow (?:\p{Lu}[\p{L}.'’-]* ){1,3}on (?:Twitter|X|Facebook|Instagram|Bluesky|Threads)\b.{0,60}|Contact (?:the (?:author|reporter|writer)|us) at\b.{0,80}|Email (?:the author|us)\b.{0,80})$/iu;
const BIO_ROLE = '(?:reporter|writer|correspondent|editor|columnist|journalist|contributor|author|critic|producer|freelancer|blogger|fellow|professor|analyst|photographer|host|staff writer)';
// "Jane Doe is a senior reporter for …", "Jane Doe covers politics for …", "Jane Doe, a correspondent, is the author of …"
const BIO = new RegExp(
  `^(?:\\p{Lu}[\\p{L}.'’-]*\\s+){1,3}(?:\\p{Lu}[\\p{L}.'’-]*)?\\s*(?:is|was|has been|,) (?:a |an |the )?(?:[\\p{L}-]+ ){0,4}${BIO_ROLE}s?\\b|^(?:\\p{Lu}[\\p{L}.'’-]*\\s+){1,3}covers [\\p{L} ,&]{3,60} for\\b`,
  'u',
);

/** A caption with its credit glued on: "… on Monday.Jane Doe / Reuters" reads as "… on Monday. Jane Doe / Reuters". */
function creditAt(text: string): { spaced: string; at: number } {
  const spaced = text.replace(/([.!?”"])(?=[\p{Lu}(])/gu, '$1 ');
  if (isCreditOnly(spaced)) return { spaced, at: 0 };
  const tail = creditTailStart(spaced);
  if (tail >= 0) return { spaced, at: tail };
  const m = BRACKET_PHOTO_CREDIT.exec(spaced) ?? GLUED_SLASH_CREDIT.exec(text);
  return { spaced, at: m ? m.index + 1 : -1 };
}

// "… most days.Harriet Quill / Gazette Pictures": a name and an organisation
// glued straight onto the sentence end, as captions lose their line break when
// scraped. Prose always has a space after its full stop; the glue is the signal.
const GLUED_SLASH_CREDIT = /[.!?”"](?:\p{Lu}[\p{L}.'’-]+ ){1,3}\p{Lu}[\p{L}.'’-]+ ?\/ ?(?:\p{Lu}[\p{L}&.'’-]* ?){1,5}$/u;

// "(Oleg Urusov/ Roscosmos Space Agency Press Service photo via AP)": a bracketed
// credit naming a photo, after a sentence end, closing the block.
const BRACKET_PHOTO_CREDIT = /[.!?”"] \((?=[^()]{3,160}\)$)[^()]*\b(?:photo|photograph|image|picture|footage)s?\b[^()]*\)$/i;

/** Wire-photo captions open this way ("In this photo dated …", "This undated handout image …"). */
const CAPTION_OPENING = /^(?:In this (?:[\p{L}-]+ ){0,3}(?:photo|image|picture|frame grab|photograph)|This (?:[\p{L}-]+ ){0,3}(?:photo|image|picture|frame grab|photograph)\b|(?:File|Handout) (?:photo|image)\b)/iu;
const CAPTION_MAX = 300;
/** A caption can run long; past this a block ending in a credit is prose that cites one. */
const LONG_CAPTION_MAX = 1200;

function isCaption(text: string): boolean {
  const { spaced, at } = creditAt(text);
  if (at < 0) return false;
  if (spaced.length <= CAPTION_MAX) return true;
  const credit = spaced.slice(at);
  return spaced.length <= LONG_CAPTION_MAX && (CAPTION_OPENING.test(spaced) || /^\(.*\b(?:photo|image|picture)s?\b/i.test(credit));
}
const LINK_HEADLINE_MAX_WORDS = 20;

/** Keep a block as article text? */
function isProse(b: Block): boolean {
  const t = b.text;
  if (isAdMarker(t) || isShareBar(t) || MEDIA_LABEL.test(t) || PRINT_LINE.test(t) || WIRE_CREDIT.test(t)) return false;
  if (isCaption(t)) return false;
  // A related-link headline: all of it is a link, short, no sentence end.
  if (b.linked >= t.length * 0.9 && t.split(' ').length <= LINK_HEADLINE_MAX_WORDS && !/[.!?"”]$/.test(t)) return false;
  return true;
}

/** Bios close an article; only the last few blocks are looked at, so a profile's body is safe. */
function dropBios(paras: string[]): string[] {
  const out = [...paras];
  for (let k = 0; k < 3 && out.length > 1; k++) {
    const last = out[out.length - 1]!;
    if (last.length <= 500 && BIO.test(last)) out.pop();
    else break;
  }
  return out;
}

/** Cleaned paragraphs of an article element (also used on Readability's own expected output in tests). */
export function blocksToParagraphs(root: DomNode): string[] {
  const blocks = toBlocks(root).map((b) => ({ ...b, text: squash(repairChars(b.text)) })).filter((b) => b.text);
  const kept = blocks.filter(isProse).map((b) => b.text);
  // The same line twice in a row (a headline repeated under its photo) once.
  const deduped = kept.filter((t, i) => t !== kept[i - 1]);
  return dropBios(deduped);
}

/** Run Readability on a page already cleared of furniture. Null when it finds no article. */
export function readBody(doc: DomDocument): PageBody | null {
  // Readability's own typings name the browser Document; linkedom's is the same shape.
  const reader = new Readability<DomNode>(doc as unknown as ConstructorParameters<typeof Readability>[0], {
    serializer: (node) => node as unknown as DomNode,
    charThreshold: 300,
  });
  const parsed = reader.parse();
  if (!parsed || !parsed.content) return null;
  return {
    paragraphs: blocksToParagraphs(parsed.content),
    byline: parsed.byline ?? null,
    lang: parsed.lang ?? null,
    title: parsed.title ?? null,
  };
}
