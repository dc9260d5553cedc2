import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  choose,
  demo,
  horizontalOverflow,
  startJourney,
  step,
  submitCredentials,
  tid,
  waitForPath,
  type Journey,
} from './harness.js';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});

const square = (x: number, y: number, size: number): number[][] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];
const feature = (ime: string, coordinates: number[][][]) => ({
  type: 'Feature',
  properties: { ime, code: ime.length },
  geometry: { type: 'Polygon', coordinates },
});
/** Three neighbours in Cyrillic, Центар with a park (a hole) in it. */
const GOOD = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    feature('Центар', [square(21.7, 42.1, 0.02), square(21.705, 42.105, 0.005).reverse()]),
    feature('Карпош', [square(21.72, 42.1, 0.02)]),
    feature('Аеродром', [square(21.7, 42.08, 0.02)]),
  ],
});
const BAD = JSON.stringify({
  type: 'FeatureCollection',
  features: [feature('Центар', [square(21.7, 42.1, 0.02).slice(0, 4)])],
});

describe('journey: boundaries, a scored risk and the map, in English, Arabic and Macedonian', () => {
  it('the coordinator uploads shapes with a hole and Cyrillic names, scores a risk and reads the map', async () => {
    const { page, server, a11y } = j;
    const cityId = await step(page, 'risk map: the coordinator signs in', async () => {
      await submitCredentials(page, server.url, demo.coordinator);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
      return new URL(page.url()).pathname.split('/')[2];
    });

    await step(page, 'risk map: a broken file is refused with the feature named', async () => {
      await page.goto(`${server.url}/c/${cityId}/risk-map/boundaries`);
      await tid(page, 'boundary-file').setInputFiles({
        name: 'broken.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(BAD),
      });
      await choose(tid(page, 'boundary-name-property'), 'ime');
      await tid(page, 'boundary-check').click();
      const errors = tid(page, 'boundary-errors');
      await errors.waitFor();
      expect(await errors.textContent()).toContain('Feature 1');
      await a11y.check(page, 'boundaries: errors');
    });

    await step(page, 'risk map: a valid file is checked, then stored as a new version', async () => {
      await tid(page, 'boundary-file').setInputFiles({
        name: 'wards.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(GOOD),
      });
      await choose(tid(page, 'boundary-name-property'), 'ime');
      await tid(page, 'boundary-check').click();
      await expect
        .poll(async () => (await tid(page, 'boundary-result').textContent()) ?? '', { timeout: 10_000 })
        .toContain('3');
      await tid(page, 'boundary-upload').click();
      await expect
        .poll(async () => (await tid(page, 'boundary-result').textContent()) ?? '', { timeout: 10_000 })
        .toContain('version 2');
    });

    const riskUrl = await step(page, 'risk map: the coordinator registers a city-wide risk', async () => {
      await page.goto(`${server.url}/c/${cityId}/risks`);
      await tid(page, 'risk-add').click();
      await tid(page, 'risk-title').fill('Rumours in neighbourhood chat groups');
      await choose(tid(page, 'risk-category'), 'hate-speech-polarisation');
      await tid(page, 'risk-city-wide').check();
      await choose(tid(page, 'score-likelihood'), '3');
      await choose(tid(page, 'score-impact'), '4');
      await a11y.check(page, 'register: new risk form');
      await tid(page, 'risk-save').click();
      await waitForPath(page, /\/risks\/[0-9a-f-]{36}$/);
      await tid(page, 'risk-score').waitFor();
      expect(await tid(page, 'risk-score').textContent()).toContain('High');
      return page.url();
    });

    await step(page, 'risk map: rescored with a reason, and evidence graded B2', async () => {
      await tid(page, 'risk-rescore').click();
      await choose(tid(page, 'score-likelihood'), '5');
      await tid(page, 'rescore-reason').fill('Two schools reported the same rumour this week');
      await tid(page, 'rescore-save').click();
      await expect
        .poll(async () => (await tid(page, 'risk-history').textContent()) ?? '', { timeout: 10_000 })
        .toContain('Two schools');
      await choose(tid(page, 'evidence-reliability'), 'B');
      await choose(tid(page, 'evidence-credibility'), '2');
      await tid(page, 'evidence-summary').fill('Screenshots collected by the school counsellors');
      await tid(page, 'evidence-save').click();
      await expect
        .poll(async () => (await tid(page, 'risk-evidence').textContent()) ?? '', { timeout: 10_000 })
        .toContain('B2');
      await a11y.check(page, 'risk detail');
      expect(page.url()).toBe(riskUrl);
    });

    await step(
      page,
      'risk map: the map draws the three shapes; a shape is chosen with the keyboard',
      async () => {
        await page.goto(`${server.url}/c/${cityId}/risk-map`);
        await tid(page, 'risk-map-svg').waitFor();
        expect(await page.locator('[data-testid^="map-shape-"]').count()).toBe(3);
        const centar = tid(page, 'map-shape-Центар');
        // The hole: two rings in one path.
        expect((await centar.locator('path').getAttribute('d'))?.match(/M/g)).toHaveLength(2);
        await centar.focus();
        await page.keyboard.press('Enter');
        await expect
          .poll(async () => (await tid(page, 'risk-map-selection').textContent()) ?? '', { timeout: 10_000 })
          .toContain('Центар');
        expect(await tid(page, 'risk-map-table').textContent()).toContain('Карпош');
        expect(await tid(page, 'risk-map-citywide').textContent()).toContain('Very high');
        await a11y.check(page, 'risk map');
      },
    );

    await step(page, 'risk map: a consultation shows attendance with small numbers withheld', async () => {
      await page.goto(`${server.url}/c/${cityId}/consultations`);
      await tid(page, 'consultation-list').waitFor();
      await tid(page, 'consultation-list').getByRole('link').first().click();
      await tid(page, 'consultation-attendance').waitFor();
      expect(await tid(page, 'consultation-attendance').textContent()).toContain('fewer than 5');
      await a11y.check(page, 'consultation');
    });

    await step(
      page,
      'risk map: in Arabic, right to left, and at 360 px without sideways scrolling',
      async () => {
        await page.goto(`${server.url}/c/${cityId}/risk-map`);
        await tid(page, 'risk-map-svg').waitFor();
        await choose(tid(page, 'lang-switcher'), 'ar');
        await page.waitForFunction(() => document.documentElement.dir === 'rtl');
        expect(await tid(page, 'nav-risk-map').textContent()).toContain('خريطة المخاطر');
        await a11y.check(page, 'risk map (Arabic)');
        await page.setViewportSize({ width: 360, height: 800 });
        await page.reload();
        await tid(page, 'risk-map-svg').waitFor();
        const { scrollWidth, viewport } = await horizontalOverflow(page);
        expect(scrollWidth, 'the map page scrolls sideways').toBeLessThanOrEqual(viewport);
        await page.setViewportSize({ width: 1280, height: 900 });
      },
    );

    await step(page, 'risk map: in Macedonian', async () => {
      await choose(tid(page, 'lang-switcher'), 'mk');
      await page.waitForFunction(() => document.documentElement.lang === 'mk');
      await page.goto(`${server.url}/c/${cityId}/risks`);
      await tid(page, 'risk-list').waitFor();
      expect(await page.locator('h1').textContent()).toContain('Регистар на ризици');
      await a11y.check(page, 'register (Macedonian)');
    });
  });

  it('shows no serious or critical accessibility violations on the pages visited', () => {
    expect(j.a11y.checked.length).toBeGreaterThan(0);
    expect(j.a11y.findings, j.a11y.report()).toEqual([]);
  });

  it('raised no errors in the page', () => {
    expect(j.pageErrors).toEqual([]);
  });
});
