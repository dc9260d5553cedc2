import { locales, rtlLocales, type Locale } from '../../../contracts/route.js';
import { translate } from '../../platform/i18n.js';
import type { PublicPageData } from './community.service.js';

/*
 * The public pages' HTML: server-rendered, no script needed, system fonts, one small inline style
 * sheet (the CSP allows inline styles; scripts only from this origin). Every value from the
 * database goes through `esc`.
 */

const AMP = /&/g;
const LT = /</g;
const GT = />/g;
const QUOT = /"/g;
const APOS = /'/g;
export function esc(value: string): string {
  return value
    .replace(AMP, '&amp;')
    .replace(LT, '&lt;')
    .replace(GT, '&gt;')
    .replace(QUOT, '&quot;')
    .replace(APOS, '&#39;');
}

/** Paragraphs from plain text: blank lines separate paragraphs, single line breaks are kept. */
export function paragraphs(value: string): string {
  return value
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

export const t = (locale: Locale, key: string, values?: Record<string, unknown>) =>
  translate(locale, `community.public.${key}`, values);

const CSS =
  'body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1f24;background:#fff}' +
  'header,main,footer{max-width:44rem;margin:0 auto;padding:0 1rem}' +
  'header{border-bottom:1px solid #d0d7de;padding-block:.75rem}' +
  'h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin:1.6rem 0 .4rem}' +
  'nav ul{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem .9rem}' +
  'a{color:#0a58ca}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #1b1f24;outline-offset:2px}' +
  '.notice{border:2px solid #b42318;border-radius:6px;padding:.6rem .8rem;background:#fff5f4}' +
  '.receipt{font:700 1.4rem/1.4 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.05em;direction:ltr;unicode-bidi:isolate;padding:.6rem;border:2px dashed #1b1f24;display:inline-block}' +
  'label{display:block;font-weight:600;margin-top:.9rem}' +
  'input[type=text],input:not([type]),select,textarea{box-sizing:border-box;width:100%;font:inherit;padding:.5rem;border:1px solid #57606a;border-radius:4px}' +
  'textarea{min-height:8rem}fieldset{border:1px solid #d0d7de;border-radius:6px;margin-top:.9rem}' +
  'fieldset label{font-weight:400;margin:.3rem 0}' +
  'button{font:inherit;font-weight:600;margin-top:1rem;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#0a58ca;color:#fff;cursor:pointer}' +
  '.msg{border-inline-start:4px solid #0a58ca;padding:.2rem .8rem;margin:.8rem 0;background:#f6f8fa}.msg.sender{border-color:#57606a}' +
  '.muted{color:#57606a}footer{border-top:1px solid #d0d7de;margin-top:2rem;padding-block:1rem;font-size:.9rem}';

export interface LayoutOptions {
  locale: Locale;
  baseUrl: string;
  slug: string;
  cityName: string;
  /** After /p/{slug}/{lang}: '' for the home page, '/safe-space' … */
  path: string;
  title: string;
  description: string;
  body: string;
  /** Forms and receipts are never indexed. */
  noindex?: boolean;
  /** Same-origin scripts this page may load (the proof-of-work helper). */
  scripts?: string[];
}

export function layout(o: LayoutOptions): string {
  const dir = (rtlLocales as readonly string[]).includes(o.locale) ? 'rtl' : 'ltr';
  const href = (lang: Locale) => `${o.baseUrl}/p/${encodeURIComponent(o.slug)}/${lang}${o.path}`;
  const alternates = locales
    .map((lang) => `<link rel="alternate" hreflang="${lang}" href="${esc(href(lang))}">`)
    .join('');
  const switcher = locales
    .map((lang) =>
      lang === o.locale
        ? `<li><span aria-current="true">${esc(translate(lang, 'community.public.languageName'))}</span></li>`
        : `<li><a href="${esc(href(lang))}" hreflang="${lang}" lang="${lang}">${esc(translate(lang, 'community.public.languageName'))}</a></li>`,
    )
    .join('');
  const home = `/p/${encodeURIComponent(o.slug)}/${o.locale}`;
  return (
    `<!doctype html><html lang="${o.locale}" dir="${dir}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    // The app's icon (served with the web build); without a link the browser asks for /favicon.ico, a 404.
    `<link rel="icon" type="image/svg+xml" href="/favicon.svg">` +
    `<title>${esc(o.title)}</title><meta name="description" content="${esc(o.description)}">` +
    (o.noindex
      ? '<meta name="robots" content="noindex">'
      : `<link rel="canonical" href="${esc(href(o.locale))}">`) +
    alternates +
    `<link rel="alternate" hreflang="x-default" href="${esc(href('en'))}">` +
    `<style>${CSS}</style></head><body>` +
    `<header><a href="${esc(home)}">${esc(o.cityName)}</a>` +
    `<nav aria-label="${esc(t(o.locale, 'languages'))}"><ul>${switcher}</ul></nav></header>` +
    `<main>${o.body}</main>` +
    `<footer><p>${esc(t(o.locale, 'footer'))}</p></footer>` +
    (o.scripts ?? []).map((src) => `<script src="${esc(src)}" defer></script>`).join('') +
    `</body></html>`
  );
}

function dateTime(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}

/** The city's public home page: the published blocks in a fixed order. */
export function homePage(data: PublicPageData, locale: Locale, baseUrl: string): string {
  const { city, settings } = data;
  const p = settings.published;
  const slugPath = `/p/${encodeURIComponent(city.slug)}`;
  const parts: string[] = [`<h1>${esc(t(locale, 'heading', { city: city.name }))}</h1>`];
  if (p.explainer) {
    const is = ['is1', 'is2', 'is3'].map((k) => `<li>${esc(t(locale, `explainer.${k}`))}</li>`).join('');
    const isNot = ['not1', 'not2', 'not3', 'not4']
      .map((k) => `<li>${esc(t(locale, `explainer.${k}`))}</li>`)
      .join('');
    parts.push(
      `<section aria-labelledby="what"><h2 id="what">${esc(t(locale, 'explainer.title'))}</h2>` +
        `<p>${esc(t(locale, 'explainer.intro'))}</p><h3>${esc(t(locale, 'explainer.isTitle'))}</h3><ul>${is}</ul>` +
        `<h3>${esc(t(locale, 'explainer.notTitle'))}</h3><ul>${isNot}</ul>` +
        (settings.explainerExtra ? paragraphs(settings.explainerExtra) : '') +
        `</section>`,
    );
  }
  if (data.mandate) {
    const items = data.mandate.items
      .map(
        (m) =>
          `<li>${esc(translate(locale, `tor.mandate.${m.item}`))}${m.scope ? `<br><span class="muted">${esc(m.scope)}</span>` : ''}</li>`,
      )
      .join('');
    parts.push(
      `<section aria-labelledby="mandate"><h2 id="mandate">${esc(t(locale, 'mandate.title'))}</h2>` +
        (data.mandate.publicSummary ? paragraphs(data.mandate.publicSummary) : '') +
        `<ul>${items}</ul></section>`,
    );
  }
  if (data.decisions) {
    const d = data.decisions;
    const quorum =
      d.quorum.kind === 'share'
        ? t(locale, 'decisions.quorumShare', { percent: Math.round(d.quorum.value * 100) })
        : t(locale, 'decisions.quorumCount', { count: d.quorum.value });
    parts.push(
      `<section aria-labelledby="decisions"><h2 id="decisions">${esc(t(locale, 'decisions.title'))}</h2>` +
        `<p>${esc(t(locale, `decisions.${d.method}`))} ${esc(quorum)} ${esc(t(locale, `decisions.${d.voters}`))}</p></section>`,
    );
  }
  if (data.organisations) {
    const o = data.organisations;
    const count =
      o.total === null
        ? t(locale, 'organisations.fewer')
        : t(locale, 'organisations.count', { count: o.total });
    parts.push(
      `<section aria-labelledby="orgs"><h2 id="orgs">${esc(t(locale, 'organisations.title'))}</h2><p>${esc(count)}</p>` +
        (o.names.length
          ? `<ul>${o.names.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`
          : `<p class="muted">${esc(t(locale, 'organisations.none'))}</p>`) +
        `</section>`,
    );
  }
  if (data.actionPlan) {
    const a = data.actionPlan;
    const pct = (v: number | null) => (v === null ? '–' : `${v}%`);
    const count = (c: { value: number | null; suppressed: boolean }) =>
      c.suppressed ? t(locale, 'withheld') : String(c.value);
    const objectives = a.objectives
      .map(
        (o) =>
          `<li>${o.code ? `${esc(o.code)} ` : ''}${esc(o.title)}: <strong>${pct(o.progress)}</strong></li>`,
      )
      .join('');
    const statuses = a.actions
      .filter((s) => s.count.suppressed || s.count.value)
      .map((s) => `<li>${esc(t(locale, `actionPlan.status.${s.status}`))}: ${esc(count(s.count))}</li>`)
      .join('');
    const indicators = a.indicators
      .map((i) => {
        const name = i.name[locale] ?? i.name.en ?? Object.values(i.name).find(Boolean) ?? '';
        const value = i.withheld ? t(locale, 'withheld') : `${i.value}${i.unit ? ` ${i.unit}` : ''}`;
        const target = i.target === null ? '' : ` (${t(locale, 'actionPlan.target', { target: i.target })})`;
        return `<li>${esc(name)}, ${esc(i.period)}: <strong>${esc(value)}</strong>${esc(target)}</li>`;
      })
      .join('');
    parts.push(
      `<section aria-labelledby="plan"><h2 id="plan">${esc(t(locale, 'actionPlan.title'))}</h2>` +
        `<p><strong>${esc(a.title)}</strong> (${esc(a.periodStart)} – ${esc(a.periodEnd)})</p>` +
        `<p>${esc(t(locale, 'actionPlan.progress', { percent: pct(a.progress) }))}</p>` +
        (objectives ? `<h3>${esc(t(locale, 'actionPlan.objectives'))}</h3><ul>${objectives}</ul>` : '') +
        `<h3>${esc(t(locale, 'actionPlan.actions', { count: count(a.actionTotal) }))}</h3>` +
        (statuses ? `<ul>${statuses}</ul>` : '') +
        (indicators ? `<h3>${esc(t(locale, 'actionPlan.indicators'))}</h3><ul>${indicators}</ul>` : '') +
        `</section>`,
    );
  }
  if (data.consultations && data.consultations.length) {
    const items = data.consultations
      .map((c) => {
        const came = c.attendance.suppressed
          ? t(locale, 'consultations.fewer')
          : t(locale, 'consultations.attendance', { count: c.attendance.value });
        const answers = c.answers
          .map(
            (x) =>
              `<li><p><strong>${esc(t(locale, 'consultations.said'))}</strong> ${esc(x.said)}</p>` +
              `<p><strong>${esc(t(locale, 'consultations.did'))}</strong> ${esc(x.did)}</p></li>`,
          )
          .join('');
        return (
          `<article><h3>${esc(c.title)}</h3><p class="muted">${esc(c.heldOn)} · ${esc(came)}</p>` +
          (answers
            ? `<ul>${answers}</ul>`
            : `<p class="muted">${esc(t(locale, 'consultations.noAnswers'))}</p>`) +
          `</article>`
        );
      })
      .join('');
    parts.push(
      `<section aria-labelledby="consult"><h2 id="consult">${esc(t(locale, 'consultations.title'))}</h2>${items}</section>`,
    );
  }
  if (data.risks && data.risks.length) {
    const items = data.risks
      .map(
        (r) =>
          `<li><h3>${esc(r.title)}</h3><p>${esc(r.summary)}</p>` +
          (r.neighbourhoods.length
            ? `<p class="muted">${esc(t(locale, 'risks.where', { places: r.neighbourhoods.join(', ') }))}</p>`
            : '') +
          `</li>`,
      )
      .join('');
    parts.push(
      `<section aria-labelledby="risks"><h2 id="risks">${esc(t(locale, 'risks.title'))}</h2>` +
        `<p class="muted">${esc(t(locale, 'risks.intro'))}</p><ul>${items}</ul></section>`,
    );
  }
  if (data.reports && data.reports.length) {
    const items = data.reports
      .map(
        (r) =>
          `<li><a href="${esc(`${slugPath}/reports/${r.id}.pdf`)}" type="application/pdf">${esc(t(locale, 'reports.item', { year: r.year }))}</a> <span class="muted">(PDF, ${Math.max(1, Math.round(r.bytes / 1024))} KB)</span></li>`,
      )
      .join('');
    parts.push(
      `<section aria-labelledby="reports"><h2 id="reports">${esc(t(locale, 'reports.title'))}</h2><ul>${items}</ul></section>`,
    );
  }
  if (p.events) {
    const list = data.events.length
      ? `<ul>${data.events
          .map(
            (e) =>
              `<li><strong>${esc(e.title)}</strong><br><time datetime="${esc(e.startsAt)}">${esc(dateTime(locale, e.startsAt))} UTC</time>${e.place ? `<br>${esc(e.place)}` : ''}</li>`,
          )
          .join('')}</ul>`
      : `<p class="muted">${esc(t(locale, 'events.none'))}</p>`;
    parts.push(
      `<section aria-labelledby="events"><h2 id="events">${esc(t(locale, 'events.title'))}</h2>${list}` +
        `<p><a href="${esc(`${slugPath}/events.ics`)}">${esc(t(locale, 'events.ics'))}</a></p></section>`,
    );
  }
  if (p.contact && settings.contact) {
    parts.push(
      `<section aria-labelledby="contact"><h2 id="contact">${esc(t(locale, 'contact.title'))}</h2>${paragraphs(settings.contact)}</section>`,
    );
  }
  if (p.safeSpace) {
    parts.push(
      `<section aria-labelledby="safe"><h2 id="safe">${esc(t(locale, 'safeSpace.title'))}</h2>` +
        `<p>${esc(t(locale, 'safeSpace.intro'))}</p>` +
        `<p><a href="${esc(`${slugPath}/${locale}/safe-space`)}">${esc(t(locale, 'safeSpace.write'))}</a> · ` +
        `<a href="${esc(`${slugPath}/${locale}/thread`)}">${esc(t(locale, 'safeSpace.read'))}</a></p></section>`,
    );
  }
  if (parts.length === 1) parts.push(`<p>${esc(t(locale, 'nothingPublished'))}</p>`);
  return layout({
    locale,
    baseUrl,
    slug: city.slug,
    cityName: city.name,
    path: '',
    title: t(locale, 'heading', { city: city.name }),
    description: t(locale, 'description', { city: city.name }),
    body: parts.join(''),
  });
}
