#!/usr/bin/env node
// The first hour with the demo, in Chromium, as a new user would walk it (test/e2e/demo-walk.test.ts
// starts `ringwatch demo` and passes what it printed):
//
//   BASE_URL=… ADMIN_USER=admin ADMIN_PASSWORD=<one-time password the demo printed> NEW_PASSWORD=… \
//   SUPERVISOR_USER=… SUPERVISOR_PASSWORD=… STORE_COUNTS='{"transactions":…,"REVIEW":…,"BLOCK":…}' \
//   DOWNLOAD_DIR=… node web/e2e/demo-walk.e2e.mjs
//
// admin: first login (one-time password changed), overview numbers equal the store's counts, the
// top case of the queue (its priority reasons shown; transactions, history and evidence paged so
// the page stays short), worked to "reported", goAML and PBOC XML exported (saved to DOWNLOAD_DIR
// for the test to validate). supervisor: shows a case's personal data (unmask). admin: finds the
// unmasking in the audit log. A ring on the rings page, followed to a member's cases.
// Uses playwright-core with Debian's /usr/bin/chromium. Last line: `N passed, N failed`.
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = (name) => {
  const v = process.env[name];
  if (!v) {
    console.error(`missing environment variable ${name}`);
    console.log('0 passed, 1 failed');
    process.exit(2);
  }
  return v;
};

const BASE_URL = env('BASE_URL').replace(/\/+$/, '');
const ADMIN = { user: env('ADMIN_USER'), password: env('ADMIN_PASSWORD') };
const NEW_PASSWORD = env('NEW_PASSWORD');
const SUPERVISOR = { user: env('SUPERVISOR_USER'), password: env('SUPERVISOR_PASSWORD') };
const COUNTS = JSON.parse(env('STORE_COUNTS'));
const DOWNLOADS = env('DOWNLOAD_DIR');
const WAIT = Number(process.env.E2E_TIMEOUT_MS ?? 20_000);
/** The case page of even the biggest case stays within this height (it was 48,000 px unpaged). */
const MAX_CASE_PAGE_PX = 4500;

const results = [];
let blocked = null;

async function step(name, fn) {
  if (blocked) {
    results.push({ name, ok: false });
    console.log(`not ok - ${name} (skipped: "${blocked}" failed)`);
    return undefined;
  }
  try {
    const value = await fn();
    results.push({ name, ok: true });
    console.log(`ok - ${name}`);
    return value;
  } catch (e) {
    const why = (e && e.message ? e.message : String(e)).split('\n')[0];
    results.push({ name, ok: false });
    console.log(`not ok - ${name}: ${why}`);
    if (process.env.FAILURE_SHOTS) await page.screenshot({ path: join(process.env.FAILURE_SHOTS, `failed-${results.length}.png`), fullPage: true }).catch(() => undefined);
    blocked = name;
    return undefined;
  }
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

const tid = (id) => `[data-testid="${id}"]`;

async function login(page, who) {
  await page.context().clearCookies();
  await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector(tid('login-form'), { timeout: WAIT });
  await page.fill(tid('login-username'), who.user);
  await page.fill(tid('login-password'), who.password);
  await page.click(tid('login-submit'));
  // Signed in, a page of the app shows: the password change when the password was one-time, else the route's page.
  const outcome = await Promise.race([
    page.waitForSelector(`${tid("main")} [data-testid$="-page"]`, { timeout: WAIT }).then(() => 'page'),
    page.waitForSelector(tid('login-error'), { timeout: WAIT }).then(() => 'error'),
  ]);
  if (outcome === 'error') throw new Error(`login refused: ${await page.textContent(tid('login-error'))}`);
  return (await page.$(tid('change-password-page'))) ? 'change' : 'in';
}

async function logout(page) {
  await page.click(tid('logout'));
  await page.waitForSelector(tid('login-form'), { timeout: WAIT });
}

async function waitForState(page, state) {
  await page.waitForSelector(`${tid('case-head')}[data-state="${state}"]`, { timeout: WAIT }).catch(async () => {
    const err = await page.$(tid('action-error'));
    throw new Error(`case did not reach "${state}"${err ? `: ${await err.textContent()}` : ''}`);
  });
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const pageErrors = [];
const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
const page = await context.newPage();
page.on('pageerror', (e) => pageErrors.push(e.message));

let topCase = null;

await step('admin signs in with the one-time password the demo printed and sets a new one', async () => {
  const outcome = await login(page, ADMIN);
  check(outcome === 'change', 'the one-time password did not ask for a new one');
  await page.fill(tid('password-current'), ADMIN.password);
  await page.fill(tid('password-new'), NEW_PASSWORD);
  await page.fill(tid('password-repeat'), NEW_PASSWORD);
  await page.click(tid('password-submit'));
  // Changing the password ends the session: sign in again with the new one.
  await page.waitForSelector(tid('login-form'), { timeout: WAIT });
  check((await login(page, { user: ADMIN.user, password: NEW_PASSWORD })) === 'in', 'the new password still asks for a change');
  check((await page.getAttribute(tid('current-user'), 'data-role')) === 'admin', 'the header does not show the admin role');
});

await step('overview numbers equal the store\'s counts', async () => {
  await page.click(tid('nav-overview'));
  await page.waitForSelector(`${tid('kpi-transactions')} .kpi-value`, { timeout: WAIT });
  const kpi = async (id) => Number(((await page.textContent(`${tid(id)} .kpi-value`)) ?? '').replace(/[^0-9]/g, ''));
  const seen = { transactions: await kpi('kpi-transactions'), REVIEW: await kpi('kpi-review'), BLOCK: await kpi('kpi-block') };
  check(JSON.stringify(seen) === JSON.stringify({ transactions: COUNTS.transactions, REVIEW: COUNTS.REVIEW, BLOCK: COUNTS.BLOCK }),
    `overview ${JSON.stringify(seen)} vs store ${JSON.stringify(COUNTS)}`);
});

await step('the queue\'s top case opens with its priority reasons, and a big case page stays short (paged)', async () => {
  await page.click(tid('nav-cases'));
  const row = await page.waitForSelector(tid('case-row'), { timeout: WAIT });
  topCase = await row.getAttribute('data-case-id');
  await row.click();
  await page.waitForSelector(`${tid('case-head')}[data-case-id="${topCase}"]`, { timeout: WAIT });
  await page.waitForSelector(`${tid('risk-reasons')} li`, { timeout: WAIT });
  const reasons = await page.$$eval(`${tid('risk-reasons')} li`, (els) => els.map((e) => e.textContent ?? ''));
  check(reasons.length >= 2, `priority reasons: ${reasons.join(' | ')}`);
  await page.waitForSelector(`${tid('tx-part')} ${tid('tx-row')}`, { timeout: WAIT });
  const total = Number(await page.getAttribute(tid('tx-part'), 'data-total'));
  const rows = (await page.$$(`${tid('tx-part')} ${tid('tx-row')}`)).length;
  check(rows === Math.min(total, 25), `${rows} transaction rows shown of ${total}`);
  if (total > 25) {
    await page.click(`${tid('tx-part')} ${tid('pager-next')}`);
    await page.waitForFunction((sel) => /^26/.test(document.querySelector(sel)?.textContent ?? ''), `${tid('tx-part')} ${tid('pager')} .muted`, { timeout: WAIT });
  }
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  check(height < MAX_CASE_PAGE_PX, `the case page is ${height}px tall`);
  console.log(`# top case ${topCase}: ${total} alerts, page ${height}px; ${reasons.join(' | ')}`);
});

await step('admin works the top case to "reported"', async () => {
  for (let i = 0; i < 4; i++) {
    const state = await page.getAttribute(tid('case-head'), 'data-state');
    if (state === 'closed') break;
    if (state === 'new') {
      await page.click(tid('action-assign'));
      await waitForState(page, 'assigned');
    } else if (state === 'assigned') {
      await page.click(tid('action-investigate'));
      await waitForState(page, 'investigating');
    } else {
      await page.selectOption(tid('close-outcome'), 'reported');
      await page.fill(tid('action-note'), 'e2e: reported after review of the ring evidence');
      await page.click(tid('action-close'));
      await waitForState(page, 'closed');
    }
  }
  check(((await page.textContent(tid('case-outcome'))) ?? '').trim().length > 0, 'no outcome shown');
  await page.waitForSelector(`${tid('case-event')}[data-kind="close"]`, { timeout: WAIT });
});

for (const format of ['goaml', 'pboc']) {
  await step(`admin exports the ${format === 'goaml' ? 'goAML' : 'PBOC BSTR'} XML of the reported case`, async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: WAIT }),
      page.click(tid(`export-${format}`)),
    ]).catch(async (e) => {
      const missing = await page.$(tid('export-missing'));
      throw new Error(missing ? `refused: ${(await missing.textContent())?.slice(0, 300)}` : e.message);
    });
    const name = download.suggestedFilename();
    await download.saveAs(join(DOWNLOADS, `${format}--${name}`));
    await page.waitForSelector(tid('export-ok'), { timeout: WAIT });
    console.log(`# ${format}: ${name}`);
  });
}

await step('admin signs out', async () => logout(page));

blocked = null;
await step('supervisor shows the personal data of the case (masked until asked)', async () => {
  const outcome = await login(page, SUPERVISOR);
  check(outcome === 'in', `supervisor login: ${outcome}`);
  await page.goto(`${BASE_URL}/cases/${encodeURIComponent(topCase)}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector(`${tid('case-head')}[data-case-id="${topCase}"]`, { timeout: WAIT });
  await page.waitForSelector(tid('parties-table'), { timeout: WAIT });
  const before = (await page.textContent(tid('parties-table'))) ?? '';
  check(before.includes('*'), 'the account holders are not masked before unmasking');
  await page.click(tid('unmask-toggle'));
  await page.waitForSelector(`${tid('unmask-toggle')}[aria-pressed="true"]`, { timeout: WAIT });
  await page.waitForFunction((sel) => !(document.querySelector(sel)?.textContent ?? '*').includes('*'), tid('parties-table'), { timeout: WAIT });
  await logout(page);
});

blocked = null;
await step('admin finds the supervisor\'s unmasking in the audit log', async () => {
  const outcome = await login(page, { user: ADMIN.user, password: NEW_PASSWORD });
  check(outcome === 'in', `admin login with the new password: ${outcome}`);
  await page.click(tid('nav-audit'));
  await page.waitForSelector(tid('audit-table'), { timeout: WAIT });
  await page.fill(tid('audit-filter'), 'unmask');
  await page.waitForSelector(`${tid('audit-row')}[data-action="unmask"][data-subject="${topCase}"]`, { timeout: WAIT });
  const rows = await page.evaluate(async () => (await (await fetch('/v1/audit?limit=1000')).json()).rows);
  check(rows.some((r) => r.action === 'unmask' && r.actor === `user:${SUPERVISOR.user}` && r.subject === topCase), 'no unmask row by the supervisor for the case');
});

await step('a ring on the rings page leads to its members\' cases', async () => {
  await page.click(tid('nav-rings'));
  await page.waitForSelector(tid('ring-row'), { timeout: WAIT });
  for (const row of await page.$$(tid('ring-row'))) {
    const box = await row.boundingBox();
    check(box && box.height < 60, `a ring row is ${box?.height}px tall`);
  }
  await (await page.$(tid('ring-row'))).click();
  await page.waitForSelector(tid('ring-member'), { timeout: WAIT });
  // Every member is listed, none clipped: the member table fits its panel.
  const size = Number(await page.getAttribute(tid('ring-row'), 'data-size'));
  const members = await page.$$eval(tid('ring-member'), (els) => els.map((e) => e.getAttribute('data-account')));
  check(members.length === size, `${members.length} members listed of ${size}`);
  const panel = await (await page.$(tid('ring-detail'))).boundingBox();
  for (const link of await page.$$(tid('member-cases-link'))) {
    const box = await link.boundingBox();
    check(box && box.x >= panel.x && box.x + box.width <= panel.x + panel.width + 1, `member ${await link.textContent()} is clipped`);
  }
  const withCases = await page.$(`${tid('ring-member')}:has(${tid('member-cases-link')})`);
  check(withCases, 'no member links to its cases');
  const account = await withCases.getAttribute('data-account');
  await (await withCases.$(tid('member-cases-link'))).click();
  await page.waitForSelector(tid('cases-filter'), { timeout: WAIT });
  const row = await page.waitForSelector(tid('case-row'), { timeout: WAIT });
  await row.click();
  await page.waitForSelector(tid('case-head'), { timeout: WAIT });
  check((await page.textContent(`${tid('case-head')}`))?.includes(account) || (await page.textContent(tid('tx-part')))?.includes(account), `the member's case does not name ${account}`);
});

blocked = null;
await step('no uncaught errors in the page', async () => {
  check(pageErrors.length === 0, pageErrors.join(' | '));
});

await browser.close();
const passed = results.filter((r) => r.ok).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(results.length - passed > 0 ? 1 : 0);
