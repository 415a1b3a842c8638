#!/usr/bin/env node
// Name screening in the dashboard: the lists page shows the screening lists with their versions,
// the screening page finds a name's matches with reasons, and a screening case shows the party
// and the list entry side by side, masked for an analyst.
// Env: BASE_URL, ANALYST_USER, ANALYST_PASSWORD, CASE_ID. Prints "N passed, N failed".
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL ?? '').replace(/\/+$/, '');
const WAIT = Number(process.env.E2E_TIMEOUT_MS ?? 20_000);
const tid = (id) => `[data-testid="${id}"]`;
let passed = 0;
let failed = 0;

function check(what, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`ok - ${what}`);
  } else {
    failed++;
    console.log(`not ok - ${what} ${detail}`.trim());
  }
}

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

  // Lists page: the screening lists with their dated versions.
  await page.goto(`${BASE_URL}/lists`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector(tid('screening-lists'), { timeout: WAIT });
  const versions = await page.$$eval(tid('screening-list-version'), (rows) => rows.map((r) => `${r.getAttribute('data-list')}@${r.getAttribute('data-version')}`));
  check('the lists page shows the screening list with both versions', versions.join(',') === 'cn@2,cn@1', versions.join(','));

  // Screening page: a name in pinyin finds the Han entry, with reasons; masked for the analyst.
  await page.click('a[href="/screening"]');
  await page.waitForSelector(tid('screening-page'), { timeout: WAIT });
  await page.fill(tid('screen-name'), 'Zhang Weiming');
  await page.fill(tid('screen-dob'), '1980-05-01');
  await page.click(tid('screen-submit'));
  await page.waitForSelector(tid('screen-match'), { timeout: WAIT });
  const match = await page.textContent(`${tid('screen-match')}[data-list-id="CN-1"]`);
  check('the screening page finds the Han entry for a pinyin name, with its reasons', /cn:CN-1/.test(match) && /dob agrees/.test(match), match);
  check('the match is masked for an analyst', !match.includes('张伟明') && match.includes('张**'), match);
  await page.fill(tid('screen-name'), 'Nobody Atall Here');
  await page.fill(tid('screen-dob'), '');
  await page.click(tid('screen-submit'));
  await page.waitForSelector(tid('screen-no-match'), { timeout: WAIT });
  check('a name on no list finds nothing', true);

  // The screening case: party and list entry side by side.
  await page.goto(`${BASE_URL}/cases/${encodeURIComponent(process.env.CASE_ID ?? '')}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector(tid('screening-hit'), { timeout: WAIT });
  const cell = (id) => page.textContent(`${tid('screening-hit')} ${tid(id)}`);
  const [partyName, entryName, partyId, entryId, entryAliases, partyDob] = await Promise.all(
    ['party-name', 'entry-name', 'party-id_no', 'entry-id_no', 'entry-aliases', 'party-dob'].map(cell),
  );
  check('the case shows the party and the list entry side by side', partyName === '張**' && entryName === '张**', `${partyName} | ${entryName}`);
  check('id numbers and dates are masked for an analyst', partyId === '440***********1234' && entryId.startsWith('440') && !partyDob.includes('05-01'), `${partyId} | ${entryId} | ${partyDob}`);
  check('aliases are shown masked', entryAliases === 'Z**** W******', entryAliases);
  const panel = await page.textContent(tid('screening-panel'));
  check('the score and the reasons are shown', /0\.9\d\d/.test(panel) && /dob agrees 1980-\*\*-\*\*/.test(panel), panel.slice(0, 300));
  check('no page errors', errors.length === 0, errors.join('; '));
} catch (e) {
  failed++;
  console.log(`not ok - ${String(e && e.message ? e.message : e).split('\n')[0]}`);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
