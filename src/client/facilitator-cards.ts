/**
 * The exercise cards (/facilitator/cards/): fills in each card's lesson address and
 * draws its QR code, for the course address taken from `?base=` (see cards-base.ts).
 * The QR is an inline SVG made by the `qrcode` package in the browser, because the
 * address is only known when the page is viewed; this is the only page that loads it.
 */
import QRCode from 'qrcode';
import { cardsBase, lessonUrl } from './cards-base';

async function drawCards(): Promise<void> {
  const { origin, problem } = cardsBase(new URLSearchParams(location.search).get('base'), location.origin);

  const input = document.querySelector<HTMLInputElement>('[data-cards-base-input]');
  if (input) input.value = origin;
  const notice = document.querySelector<HTMLElement>('[data-cards-notice]');
  if (notice && problem) {
    notice.textContent = problem;
    notice.hidden = false;
  }
  const shown = document.querySelector<HTMLElement>('[data-cards-origin]');
  if (shown) shown.textContent = origin;

  for (const card of document.querySelectorAll<HTMLElement>('[data-card]')) {
    const url = lessonUrl(origin, card.dataset.card ?? '/');
    const text = card.querySelector<HTMLElement>('[data-card-url]');
    if (text) text.textContent = url;
    const box = card.querySelector<HTMLElement>('[data-card-qr]');
    if (!box) continue;
    try {
      // The SVG holds only the code's paths (the URL is not written into it), so parsing it is safe.
      const svgText = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      const svg = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
      if (svg.nodeName.toLowerCase() !== 'svg') throw new Error('not an SVG');
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', `QR code for ${url}`);
      svg.setAttribute('class', 'qr-code');
      box.replaceChildren(document.importNode(svg, true));
    } catch (e) {
      box.textContent = `No QR code: ${(e as Error).message}. Type the address instead.`;
    }
  }
  document.documentElement.dataset.cardsReady = '';
}

void drawCards();
