#!/usr/bin/env node
// The case page shows the ISO 20022 facts of a case whose alerts came in as ISO 20022 messages.
// Env: BASE_URL, ANALYST_USER, ANALYST_PASSWORD, CASE_ID, END_TO_END_ID. Prints "N passed, N failed".
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL ?? '').replace(/\/+$/, '');
const WAIT = Number(process.env.E2E_TIMEOUT_MS ?? 20_000);
const tid = (id) => `[data-testid="${id}"]`;
let passed = 0;
let failed = 0;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector(tid('login-form'), { timeout: WAIT });
  await page.fill(tid('login-username'), process.env.ANALYST_USER ?? '');
  await page.fill(tid('login-password'), process.env.ANALYST_PASSWORD ?? '');
  await page.click(tid('login-submit'));
  await page.waitForSelector(tid('nav'), { timeout: WAIT });
  await page.goto(`${BASE_URL}/cases/${encodeURIComponent(process.env.CASE_ID ?? '')}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector(tid('iso-table'), { timeout: WAIT });
  const text = await page.textContent(tid('iso-panel'));
  for (const [what, ok] of [
    ['the EndToEndId', text.includes(process.env.END_TO_END_ID ?? '?')],
    ['the pacs.008 message', text.includes('pacs.008.001.10')],
    ['the agents', text.includes('dfsp001 → dfsp002')],
    ['the purpose', text.includes('MP2P')],
    ['the settled status', /settled \(ACCC\)/.test(text)],
    ['no page errors', errors.length === 0],
  ]) {
    if (ok) passed++;
    else {
      failed++;
      console.log(`not ok - the ISO 20022 panel shows ${what}: ${text.slice(0, 300)} ${errors.join('; ')}`);
    }
  }
} catch (e) {
  failed++;
  console.log(`not ok - ${String(e && e.message ? e.message : e).split('\n')[0]}`);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
