import { buildWebIfStale } from './web-build.js';

/** Builds the web app once per run (only when dist/web is missing or older than its sources). */
export default async function setup() {
  await buildWebIfStale();
}
