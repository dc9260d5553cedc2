import { safeSpaceKinds, type SafeSpaceStatus } from '../../../contracts/safe-space.contract.js';
import type { Locale } from '../../../contracts/route.js';
import { translate } from '../../platform/i18n.js';
import { esc, layout, paragraphs } from '../community/index.js';

/* The safe space's public pages: plain HTML forms that work without JavaScript (docs/SAFE_SPACE.md). */

const t = (locale: Locale, key: string, values?: Record<string, unknown>) =>
  translate(locale, `safe-space.public.${key}`, values);

export interface PageCity {
  slug: string;
  name: string;
}

interface Common {
  locale: Locale;
  baseUrl: string;
  city: PageCity;
}

function page(c: Common, path: string, title: string, body: string, scripts?: string[]) {
  return layout({
    locale: c.locale,
    baseUrl: c.baseUrl,
    slug: c.city.slug,
    cityName: c.city.name,
    path,
    title: `${title} · ${c.city.name}`,
    description: t(c.locale, 'description', { city: c.city.name }),
    body,
    noindex: true,
    scripts,
  });
}

const base = (c: Common) => `/p/${encodeURIComponent(c.city.slug)}/${c.locale}`;
const errorBox = (c: Common, code?: string) =>
  code ? `<p class="notice" role="alert">${esc(t(c.locale, `errors.${code}`))}</p>` : '';

export interface FormValues {
  kind?: string;
  neighbourhood?: string;
  message?: string;
  wantsContact?: boolean;
  contact?: string;
}

export function formPage(
  c: Common,
  o: {
    emergencyNumbers: string;
    neighbourhoods: string[];
    challenge: string;
    bits: number;
    error?: string;
    values?: FormValues;
  },
): string {
  const v = o.values ?? {};
  const kinds = safeSpaceKinds
    .map(
      (k, i) =>
        `<label><input type="radio" name="kind" value="${k}"${(v.kind ?? 'concern') === k || (!v.kind && i === 0) ? ' checked' : ''}> ${esc(t(c.locale, `kinds.${k}`))}</label>`,
    )
    .join('');
  const options = [`<option value="">${esc(t(c.locale, 'noNeighbourhood'))}</option>`]
    .concat(
      o.neighbourhoods.map((n) => `<option${v.neighbourhood === n ? ' selected' : ''}>${esc(n)}</option>`),
    )
    .join('');
  const body =
    `<h1>${esc(t(c.locale, 'title'))}</h1>` +
    `<div class="notice" role="note"><p><strong>${esc(t(c.locale, 'notEmergency'))}</strong></p>` +
    (o.emergencyNumbers ? `<p>${esc(t(c.locale, 'emergencyNumbers'))} ${esc(o.emergencyNumbers)}</p>` : '') +
    `</div>` +
    `<p>${esc(t(c.locale, 'anonymity'))}</p>` +
    errorBox(c, o.error) +
    `<form id="ss-form" method="post" action="${esc(`${base(c)}/safe-space`)}" data-bits="${o.bits}">` +
    `<fieldset><legend>${esc(t(c.locale, 'kindLegend'))}</legend>${kinds}</fieldset>` +
    (o.neighbourhoods.length
      ? `<label for="ss-n">${esc(t(c.locale, 'neighbourhood'))}</label><select id="ss-n" name="neighbourhood">${options}</select>`
      : '') +
    `<label for="ss-m">${esc(t(c.locale, 'message'))}</label>` +
    `<textarea id="ss-m" name="message" required maxlength="4000">${esc(v.message ?? '')}</textarea>` +
    `<fieldset><legend>${esc(t(c.locale, 'contactLegend'))}</legend>` +
    `<label><input type="checkbox" name="wantsContact" value="yes"${v.wantsContact ? ' checked' : ''}> ${esc(t(c.locale, 'wantsContact'))}</label>` +
    `<label for="ss-c">${esc(t(c.locale, 'contact'))}</label><input id="ss-c" type="text" name="contact" maxlength="300" autocomplete="off" value="${esc(v.contact ?? '')}">` +
    `<p class="muted">${esc(t(c.locale, 'contactHint'))}</p></fieldset>` +
    `<input type="hidden" name="challenge" value="${esc(o.challenge)}"><input type="hidden" name="solution" value="">` +
    `<p id="ss-pow" class="muted" aria-live="polite" data-working="${esc(t(c.locale, 'powWorking'))}" data-done="${esc(t(c.locale, 'powDone'))}" data-wait="${esc(t(c.locale, 'powWait'))}">${esc(t(c.locale, 'noScript'))}</p>` +
    `<button type="submit">${esc(t(c.locale, 'send'))}</button></form>` +
    `<p><a href="${esc(`${base(c)}/thread`)}">${esc(t(c.locale, 'haveReceipt'))}</a></p>`;
  return page(c, '/safe-space', t(c.locale, 'title'), body, ['/p/assets/pow.js']);
}

/** Shown once: the receipt, and the confirmation that it was saved. */
export function receiptPage(c: Common, receipt: string, error?: string): string {
  const file = `${t(c.locale, 'receiptFile', { city: c.city.name })}\n\n${receipt}\n`;
  const body =
    `<h1>${esc(t(c.locale, 'receivedTitle'))}</h1>` +
    `<p>${esc(t(c.locale, 'receiptIntro'))}</p>` +
    `<p class="receipt" data-testid="receipt">${esc(receipt)}</p>` +
    `<p><strong>${esc(t(c.locale, 'receiptLost'))}</strong></p>` +
    `<p><a download="receipt.txt" href="data:text/plain;charset=utf-8,${encodeURIComponent(file)}">${esc(t(c.locale, 'download'))}</a> · ${esc(t(c.locale, 'printHint'))}</p>` +
    errorBox(c, error) +
    `<form method="post" action="${esc(`${base(c)}/safe-space/confirm`)}">` +
    `<input type="hidden" name="receipt" value="${esc(receipt)}">` +
    `<label for="ss-check">${esc(t(c.locale, 'confirmLabel'))}</label>` +
    `<input id="ss-check" type="text" name="check" required maxlength="8" autocomplete="off" inputmode="text" dir="ltr">` +
    `<button type="submit">${esc(t(c.locale, 'confirm'))}</button></form>`;
  return page(c, '/safe-space', t(c.locale, 'receivedTitle'), body);
}

export function confirmedPage(c: Common): string {
  const body =
    `<h1>${esc(t(c.locale, 'confirmedTitle'))}</h1><p>${esc(t(c.locale, 'confirmedText'))}</p>` +
    `<p><a href="${esc(`${base(c)}/thread`)}">${esc(t(c.locale, 'haveReceipt'))}</a></p>`;
  return page(c, '/safe-space', t(c.locale, 'confirmedTitle'), body);
}

export function lookupPage(c: Common, error?: string): string {
  const body =
    `<h1>${esc(t(c.locale, 'threadTitle'))}</h1><p>${esc(t(c.locale, 'lookupIntro'))}</p>` +
    errorBox(c, error) +
    `<form method="post" action="${esc(`${base(c)}/thread`)}">` +
    `<label for="ss-r">${esc(t(c.locale, 'receiptLabel'))}</label>` +
    `<input id="ss-r" type="text" name="receipt" required maxlength="40" autocomplete="off" dir="ltr">` +
    `<button type="submit">${esc(t(c.locale, 'open'))}</button></form>` +
    `<p class="muted">${esc(t(c.locale, 'receiptLost'))}</p>`;
  return page(c, '/thread', t(c.locale, 'threadTitle'), body);
}

export function threadPage(
  c: Common,
  receipt: string,
  thread: { status: SafeSpaceStatus; thread: { author: string; body: string; at: string }[] },
  notice?: string,
): string {
  const open = thread.status !== 'closed' && thread.status !== 'abuse';
  const messages = thread.thread
    .map(
      (m) =>
        `<div class="msg ${m.author}"><p class="muted">${esc(t(c.locale, m.author === 'sender' ? 'you' : 'team'))}</p>${paragraphs(m.body)}</div>`,
    )
    .join('');
  const body =
    `<h1>${esc(t(c.locale, 'threadTitle'))}</h1>` +
    `<p>${esc(t(c.locale, 'statusLabel'))} <strong>${esc(t(c.locale, `statuses.${thread.status}`))}</strong></p>` +
    (notice ? `<p role="status">${esc(t(c.locale, notice))}</p>` : '') +
    messages +
    (open
      ? `<form method="post" action="${esc(`${base(c)}/thread/reply`)}">` +
        `<input type="hidden" name="receipt" value="${esc(receipt)}">` +
        `<label for="ss-reply">${esc(t(c.locale, 'replyLabel'))}</label>` +
        `<textarea id="ss-reply" name="message" required maxlength="4000"></textarea>` +
        `<button type="submit">${esc(t(c.locale, 'replySend'))}</button></form>`
      : `<p class="muted">${esc(t(c.locale, 'threadClosed'))}</p>`);
  return page(c, '/thread', t(c.locale, 'threadTitle'), body);
}
