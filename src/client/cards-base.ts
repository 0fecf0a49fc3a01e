/**
 * The address the exercise cards' QR codes point at (/facilitator/cards/): the course
 * as the attendees will open it. On a class server that is the instructor's LAN
 * address, which no build can know, so the page takes it from `?base=` when it is
 * viewed and falls back to its own origin. Pure, so it is tested without a browser.
 */

export interface CardsBase {
  /** The origin the lesson paths are put after: `http://192.168.1.20:8080`. */
  origin: string;
  /** Why the requested address was not used, to say on the page; null when it was (or none was asked for). */
  problem: string | null;
}

/** The origin to put before each lesson's path, from `?base=` (or the page's own origin). */
export function cardsBase(requested: string | null, pageOrigin: string): CardsBase {
  const wanted = requested?.trim() ?? '';
  if (wanted === '') return { origin: pageOrigin, problem: null };
  // "192.168.1.20:8080" or "laptop.local:8080" is what people type; a browser needs the scheme.
  // A scheme is kept when one is given (`https://…`, or `mailto:` and the like, refused below).
  const hasScheme = /^[a-z][a-z0-9+.-]*:(?:\/\/|(?!\d))/i.test(wanted);
  const withScheme = hasScheme ? wanted : `http://${wanted}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { origin: pageOrigin, problem: `“${wanted}” is not an address a browser can open, so the cards use ${pageOrigin}.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { origin: pageOrigin, problem: `“${wanted}” is not an http or https address, so the cards use ${pageOrigin}.` };
  }
  const pathIgnored = url.pathname !== '/' || url.search !== '' || url.hash !== '';
  return {
    origin: url.origin,
    problem: pathIgnored ? `The course is served from the root of its address, so the cards use ${url.origin} without the rest of “${wanted}”.` : null,
  };
}

/** The full address of a lesson: the origin and the lesson's path, `/lessons/stages/`. */
export function lessonUrl(origin: string, path: string): string {
  return new URL(path, `${origin}/`).href;
}
