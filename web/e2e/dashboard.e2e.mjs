#!/usr/bin/env node
// Browser test of the investigator dashboard against a running Ringwatch server.
//
//   BASE_URL=http://127.0.0.1:8080 \
//   ANALYST_USER=… ANALYST_PASSWORD=… AUDITOR_USER=… AUDITOR_PASSWORD=… \
//   [ADMIN_USER=… ADMIN_PASSWORD=…] [SUPERVISOR_USER=… SUPERVISOR_PASSWORD=…] node web/e2e/dashboard.e2e.mjs
//
// Uses playwright-core with Debian's /usr/bin/chromium (never downloads a browser). The analyst
// works one case from the queue to "closed as false positive"; the auditor then finds that
// `case.close` in the audit log. Writes a screenshot of the case page to web/e2e/case-page.png.
// Last line: `N passed, N failed`; exit status 1 when anything failed.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const env = (name, required = true) => {
  const v = process.env[name];
  if (required && !v) {
    console.error(`missing environment variable ${name}`);
    console.log('0 passed, 1 failed');
    process.exit(2);
  }
  return v ?? '';
};

const BASE_URL = env('BASE_URL').replace(/\/+$/, '');
const ANALYST = { user: env('ANALYST_USER'), password: env('ANALYST_PASSWORD') };
const AUDITOR = { user: env('AUDITOR_USER'), password: env('AUDITOR_PASSWORD') };
const ADMIN = { user: env('ADMIN_USER', false), password: env('ADMIN_PASSWORD', false) };
const SUPERVISOR = { user: env('SUPERVISOR_USER', false), password: env('SUPERVISOR_PASSWORD', false) };
const SCREENSHOT = fileURLToPath(new URL('./case-page.png', import.meta.url));
const WAIT = Number(process.env.E2E_TIMEOUT_MS ?? 20_000);
const LABELS = { en: 'Case queue', 'zh-CN': '案件队列' };

const results = [];
let blocked = null; // when set, the remaining steps of the current flow are skipped (and counted as failed)

async function step(name, fn) {
  if (blocked) {
    results.push({ name, ok: false, why: `skipped: "${blocked}" failed` });
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
    results.push({ name, ok: false, why });
    console.log(`not ok - ${name}: ${why}`);
    blocked = name;
    return undefined;
  }
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

const tid = (id) => `[data-testid="${id}"]`;

async function login(page, who) {
  await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector(tid('login-form'), { timeout: WAIT });
  await page.fill(tid('login-username'), who.user);
  await page.fill(tid('login-password'), who.password);
  await page.click(tid('login-submit'));
  const outcome = await Promise.race([
    page.waitForSelector(tid('nav'), { timeout: WAIT }).then(() => 'in'),
    page.waitForSelector(tid('login-error'), { timeout: WAIT }).then(() => 'error'),
  ]);
  if (outcome === 'error') throw new Error(`login refused: ${await page.textContent(tid('login-error'))}`);
  if (await page.$(tid('change-password-page'))) throw new Error(`${who.user} must change their password before using the dashboard`);
}

async function logout(page) {
  await page.click(tid('logout'));
  await page.waitForSelector(tid('login-form'), { timeout: WAIT });
}

async function visibleNav(page) {
  return page.$$eval('[data-testid^="nav-"]', (els) => els.map((e) => e.getAttribute('data-testid')));
}

async function caseState(page) {
  return page.getAttribute(tid('case-head'), 'data-state');
}

async function waitForState(page, state) {
  await page.waitForSelector(`${tid('case-head')}[data-state="${state}"]`, { timeout: WAIT }).catch(async () => {
    const err = await page.$(tid('action-error'));
    throw new Error(`case did not reach "${state}"${err ? `: ${await err.textContent()}` : ` (state ${await caseState(page)})`}`);
  });
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const pageErrors = [];
const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
// The server sends a Content-Security-Policy: anything the page does that it forbids is a failure.
const cspViolations = [];
await context.exposeBinding('__reportCspViolation', (_source, text) => cspViolations.push(text));
await context.addInitScript(() => {
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
  });
});
const page = await context.newPage();
page.on('pageerror', (e) => pageErrors.push(e.message));

let caseId = null;
let closed = false;

// ---- analyst: queue → case → graph → language → close as false positive → sign out
await step('analyst signs in', async () => {
  await login(page, ANALYST);
  check((await page.getAttribute(tid('current-user'), 'data-role')) === 'analyst', 'the header does not show the analyst role');
  const nav = await visibleNav(page);
  check(nav.includes('nav-cases'), 'no alert queue link');
  check(!nav.includes('nav-audit'), 'an analyst sees the audit link');
});

await step('analyst opens the alert queue', async () => {
  await page.click(tid('nav-cases'));
  await page.waitForSelector(tid('case-row'), { timeout: WAIT });
});

await step('analyst opens the first workable case', async () => {
  // The first case an analyst can close: a new one (they assign it to themself) if the queue has one.
  let row = await page.$(`${tid('case-row')}[data-state="new"]`);
  if (!row) {
    await page.selectOption(tid('filter-state'), 'new');
    row = await page.waitForSelector(`${tid('case-row')}[data-state="new"]`, { timeout: 5000 }).catch(() => null);
  }
  if (!row) {
    await page.selectOption(tid('filter-state'), '');
    row = await page.waitForSelector(tid('case-row'), { timeout: WAIT });
  }
  caseId = await row.getAttribute('data-case-id');
  await row.click();
  await page.waitForSelector(`${tid('case-head')}[data-case-id="${caseId}"]`, { timeout: WAIT });
  await page.waitForSelector(tid('reasons-panel'), { timeout: WAIT });
});

await step('case graph is drawn by sigma with nodes', async () => {
  const graph = await page.waitForSelector(`${tid('case-graph')}[data-rendered="true"]`, { timeout: WAIT }).catch(async () => {
    if (await page.$(tid('graph-empty'))) throw new Error('the case has no network (evidence subgraph empty)');
    if (await page.$(tid('case-graph-failed'))) throw new Error('sigma could not start (no WebGL)');
    throw new Error('the graph was not drawn');
  });
  const nodes = Number(await graph.getAttribute('data-node-count'));
  check(nodes > 0, `data-node-count is ${nodes}`);
  check((await graph.$$('canvas')).length > 0, 'no canvas inside the graph container');
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(`# ${caseId}: ${nodes} nodes, ${await graph.getAttribute('data-edge-count')} edges; screenshot ${SCREENSHOT}`);
});

await step('language switch changes labels and is remembered', async () => {
  const from = await page.getAttribute(tid('lang-switch'), 'data-lang');
  const to = from === 'en' ? 'zh-CN' : 'en';
  await page.click(tid(`lang-${to}`));
  await page.waitForFunction(
    ([sel, text]) => document.querySelector(sel)?.textContent?.trim() === text,
    [tid('nav-cases'), LABELS[to]],
    { timeout: WAIT },
  );
  check((await page.evaluate(() => localStorage.getItem('ringwatch.lang'))) === to, 'choice not stored');
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForSelector(`${tid('lang-switch')}[data-lang="${to}"]`, { timeout: WAIT });
  check((await page.textContent(tid('nav-cases')))?.trim() === LABELS[to], 'label not kept after reload');
  await page.click(tid(`lang-${from}`));
  await page.waitForSelector(`${tid('lang-switch')}[data-lang="${from}"]`, { timeout: WAIT });
  await page.waitForSelector(`${tid('case-head')}[data-case-id="${caseId}"]`, { timeout: WAIT });
});

await step('analyst closes the case as false positive', async () => {
  for (let i = 0; i < 4; i++) {
    const state = await caseState(page);
    if (state === 'closed') break;
    if (state === 'new') {
      check(await page.$(tid('action-assign')), 'no "assign to me" button on a new case');
      await page.click(tid('action-assign'));
      await waitForState(page, 'assigned');
    } else if (state === 'assigned') {
      check(await page.$(tid('action-investigate')), `no "investigate" button (assigned to ${await page.textContent(tid('case-assignee'))})`);
      await page.click(tid('action-investigate'));
      await waitForState(page, 'investigating');
    } else if (state === 'investigating') {
      check(await page.$(tid('action-close')), `no "close" button (assigned to ${await page.textContent(tid('case-assignee'))})`);
      await page.selectOption(tid('close-outcome'), 'false_positive');
      await page.fill(tid('action-note'), 'e2e: closed as false positive');
      await page.click(tid('action-close'));
      await waitForState(page, 'closed');
    } else {
      throw new Error(`an analyst cannot close a case in state "${state}"`);
    }
  }
  check((await caseState(page)) === 'closed', 'case not closed');
  check(await page.$(tid('case-outcome')), 'no outcome shown');
  await page.waitForSelector(`${tid('case-event')}[data-kind="close"]`, { timeout: WAIT });
  closed = true;
});

// ---- analyst: rings page → a gang's case (its evidence graph) → a member's cases
await step('analyst follows a ring to its case and a member to its cases', async () => {
  await page.click(tid('nav-rings'));
  await page.waitForSelector(tid('ring-row'), { timeout: WAIT });
  // One line per ring: reasons and members never wrap into a tall row.
  for (const row of await page.$$(tid('ring-row'))) {
    const box = await row.boundingBox();
    check(box && box.height < 60, `a ring row is ${box?.height}px tall`);
  }
  const withCase = await page.$(`${tid('ring-row')}:has(${tid('ring-case-link')})`);
  check(withCase, 'no ring on the rings page has a case');
  const ring = await withCase.getAttribute('data-ring');
  await withCase.click();
  await page.waitForSelector(tid('member-case'), { timeout: WAIT });
  const members = await page.$$eval(tid('ring-member'), (els) => els.map((e) => e.getAttribute('data-account')));
  check(members.length >= 3, `the ring shows ${members.length} members`);
  await page.click(tid('ring-case'));
  await page.waitForSelector(`${tid('case-head')}`, { timeout: WAIT });
  check((await page.textContent(tid('case-subject')))?.trim() === ring, 'the ring case is not about the ring');
  await page.waitForSelector(tid('ring-graph-note'), { timeout: WAIT });
  const graph = await page.waitForSelector(`${tid('case-graph')}[data-rendered="true"]`, { timeout: WAIT });
  const nodes = Number(await graph.getAttribute('data-node-count'));
  check(nodes >= members.length, `the ring's evidence graph has ${nodes} nodes for ${members.length} members`);
  await page.screenshot({ path: fileURLToPath(new URL('./ring-case.png', import.meta.url)), fullPage: true });
  console.log(`# ring ${ring}: ${members.length} members, ${nodes} nodes in its case graph`);
  await page.goBack();
  const member = await page.waitForSelector(`${tid('ring-member')} a`, { timeout: WAIT });
  const account = (await member.textContent())?.trim();
  await member.click();
  await page.waitForSelector(tid('cases-filter'), { timeout: WAIT });
  const row = await page.waitForSelector(tid('case-row'), { timeout: WAIT });
  await row.click();
  await page.waitForSelector(tid('case-head'), { timeout: WAIT });
  check((await page.textContent(tid('case-head')))?.includes(account), `the member's case does not name ${account}`);
});

// ---- analyst: a gang that closed loops of first-time links lists each loop, its hops and the closing transfer
await step('analyst sees the loops a gang closed on its ring panel', async () => {
  const list = await page.evaluate(async () => (await fetch('/v1/rings?limit=50')).json());
  const ring = (list.rings ?? []).find((r) => (r.motifs ?? []).some((m) => (m.transactions ?? []).length > 0));
  check(ring, 'no gang among the first 50 closed a loop of first-time links');
  const motif = ring.motifs.find((m) => (m.transactions ?? []).length > 0);
  await page.click(tid('nav-rings'));
  await page.click(`${tid('ring-row')}[data-ring="${ring.ring}"]`);
  const loops = await page.waitForSelector(tid('ring-motifs'), { timeout: WAIT });
  const text = await loops.textContent();
  const path = [...motif.accounts, motif.accounts[0]].join(' → ');
  check(text.includes(path), `the loop ${path} is not listed: ${text}`);
  check(motif.transactions.every((id) => text.includes(id)) && text.includes(motif.transaction), 'the loop\'s hop and closing transactions are not all named');
  console.log(`# ring ${ring.ring}: ${ring.motifs.length} loop(s), first ${path}`);
});

await step('analyst signs out', async () => {
  await logout(page);
  await page.goto(`${BASE_URL}/cases`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector(tid('login-form'), { timeout: WAIT });
});

// ---- auditor: overview + audit only; finds the close in the audit log
blocked = null;
await step('auditor signs in and sees only overview and audit', async () => {
  await login(page, AUDITOR);
  const nav = (await visibleNav(page)).sort();
  check(JSON.stringify(nav) === JSON.stringify(['nav-audit', 'nav-overview']), `auditor nav is ${nav.join(', ')}`);
});

await step('audit log shows the case.close', async () => {
  check(closed, 'the analyst did not close a case');
  await page.click(tid('nav-audit'));
  await page.waitForSelector(tid('audit-table'), { timeout: WAIT });
  const exact = `${tid('audit-row')}[data-action="case.close"][data-subject="${caseId}"]`;
  for (let i = 0; i < 200; i++) {
    if (await page.$(exact)) return;
    const more = await page.$(`${tid('audit-more')}:not([disabled])`);
    if (!more) {
      if (await page.$(tid('audit-more'))) {
        await page.waitForTimeout(200);
        continue;
      }
      break;
    }
    const count = await page.$$eval(tid('audit-row'), (r) => r.length);
    await more.click();
    await page.waitForFunction(
      ([sel, n, end]) => document.querySelectorAll(sel).length > n || document.querySelector(end),
      [tid('audit-row'), count, tid('audit-end')],
      { timeout: WAIT },
    );
  }
  check(await page.$(exact), `no case.close row for ${caseId}`);
});

const verified = await page.$(tid('audit-verified'));
if (verified && !blocked) {
  await step('audit hash chain is verified', async () => {
    check((await verified.getAttribute('data-ok')) === 'true', (await verified.textContent()) ?? 'chain check failed');
  });
}

await step('auditor signs out', async () => logout(page));

// ---- supervisor (optional): a what-if backtest on the rules page, B adding one rule
if (SUPERVISOR.user && SUPERVISOR.password) {
  blocked = null;
  await step('supervisor runs a what-if backtest on the rules page', async () => {
    await login(page, SUPERVISOR);
    await page.click(tid('nav-rules'));
    await page.waitForSelector(tid('backtest-panel'), { timeout: WAIT });
    const pack = 'rules:\n  - id: e2e.large_amount\n    version: 1\n    description: { en: "Amount 100,000 or more", zh: 金额10万元以上 }\n    severity: medium\n    expression: amount >= 100000\n';
    await page.fill(tid('backtest-rules-b'), pack);
    await page.click(tid('backtest-start'));
    const row = `${tid('backtest-rule')}[data-rule="e2e.large_amount"]`;
    await page.waitForSelector(row, { timeout: 180_000 });
    const cells = await page.$$eval(`${row} td`, (tds) => tds.map((td) => (td.textContent ?? '').replace(/[^0-9]/g, '')));
    check(cells[1] === '0' && Number(cells[2]) > 0 && cells[6] === cells[2], `backtest row for the added rule: ${cells.join(' | ')}`);
    await logout(page);
  });
}

// ---- admin (optional): sees the audit log and the overview
if (ADMIN.user && ADMIN.password) {
  blocked = null;
  await step('admin signs in and sees the audit log', async () => {
    await login(page, ADMIN);
    const nav = await visibleNav(page);
    check(nav.includes('nav-audit') && nav.includes('nav-overview'), `admin nav is ${nav.join(', ')}`);
    await page.waitForSelector(tid('kpi-tps'), { timeout: WAIT });
    // The overview's numbers are the store's (as /v1/stats counts them), not this process's.
    const stats = await page.evaluate(async () => (await fetch('/v1/stats')).json());
    const kpi = async (id) => Number(((await page.textContent(`${tid(id)} .kpi-value`)) ?? '').replace(/[^0-9]/g, ''));
    check((await kpi('kpi-transactions')) === stats.transactions, `transactions KPI vs store ${stats.transactions}`);
    check((await kpi('kpi-review')) === (stats.decisions.REVIEW ?? 0), `review KPI vs store ${stats.decisions.REVIEW}`);
    check((await kpi('kpi-block')) === (stats.decisions.BLOCK ?? 0), `block KPI vs store ${stats.decisions.BLOCK}`);
  });

  await step('admin works a new case to "reported" with the buttons the server allows, and sees the exports', async () => {
    await page.goto(`${BASE_URL}/cases?state=new`, { waitUntil: 'domcontentloaded' });
    const row = await page.waitForSelector(`${tid('case-row')}[data-state="new"]`, { timeout: WAIT });
    const id = await row.getAttribute('data-case-id');
    await row.click();
    await page.waitForSelector(`${tid('case-head')}[data-case-id="${id}"]`, { timeout: WAIT });
    check(await page.$(tid('export-goaml')), 'no export buttons for the admin');
    check(!(await page.$(tid('actions-none'))), 'the admin is told no action is open on a new case');
    await page.click(tid('action-assign'));
    await waitForState(page, 'assigned');
    await page.click(tid('action-investigate'));
    await waitForState(page, 'investigating');
    await page.selectOption(tid('close-outcome'), 'reported');
    await page.fill(tid('action-note'), 'e2e: reported by the admin');
    await page.click(tid('action-close'));
    await waitForState(page, 'closed');
    check(((await page.textContent(tid('case-outcome'))) ?? '').length > 0, 'no outcome shown');
    await logout(page);
  });
}

blocked = null;
await step('no uncaught errors in the page', async () => {
  check(pageErrors.length === 0, pageErrors.join(' | '));
});

await step('the page works within the Content-Security-Policy (no violations)', async () => {
  const first = await page.request.get(`${BASE_URL}/`);
  check(/script-src 'self'/.test(first.headers()['content-security-policy'] ?? ''), 'no CSP header on the dashboard');
  check(cspViolations.length === 0, cspViolations.slice(0, 3).join(' | '));
});

await browser.close();
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
