// The few DOM shapes quotebot reads, and the parser that makes them. The
// project compiles without the browser's DOM typings (lib: ES2023), so these
// structural types say exactly what the HTML code relies on; linkedom's
// objects satisfy them.
import { parseHTML } from 'linkedom';

export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
}

export interface DomElement extends DomNode {
  tagName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  closest(selector: string): DomElement | null;
  remove(): void;
  innerHTML: string;
}

export interface DomDocument extends DomElement {
  documentElement: DomElement;
  head: DomElement | null;
  body: DomElement | null;
  title: string;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

/** Parse a whole page. linkedom never throws on broken markup: it builds what it can. */
export function parseDocument(html: string): DomDocument {
  // linkedom's own typings describe a browser Window; only the document is used.
  const { document } = parseHTML(html) as unknown as { document: DomDocument };
  if (document.documentElement?.tagName === 'HTML') return document;
  // A fragment (a saved article body, no <html>) gets the <html> and <body> a browser would give it;
  // linkedom makes the first element the root instead, which Readability cannot walk.
  return (parseHTML(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`) as unknown as { document: DomDocument }).document;
}

export function isElement(n: DomNode): n is DomElement {
  return n.nodeType === ELEMENT_NODE;
}

/** Text with runs of white space (incl. no-break spaces) as one space, trimmed. */
export function squash(s: string | null | undefined): string {
  return (s ?? '').replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/g, ' ').trim();
}

export function all(root: DomElement, selector: string): DomElement[] {
  return Array.from(root.querySelectorAll(selector));
}
