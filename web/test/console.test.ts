/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { readEnv } from '@paygraph/platform/config';
import { bootStack, email, PASSWORD, registerUser, type TestStack } from '../../test/support/stack.js';
import { cardFor } from '../../test/support/money.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../scripts/lib/seed.js';
import { DIST_DIR, ensureConsoleBuilt } from '../server/build.js';
import { startConsoleServer, type RunningConsole } from '../server/console-server.js';

/**
 * The console in real Chromium (Debian's, never downloaded) against the real graph: every subgraph and the gateway in
 * this process on the machine's PostgreSQL and Redis, the console served as `npm start` serves it. Two browser
 * contexts are two people.
 */
const host = readEnv();
const CHROMIUM = host.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = host.CONSOLE_SCREENSHOTS_DIR ? path.resolve(host.CONSOLE_SCREENSHOTS_DIR) : undefined;
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TOKEN_TTL_SECONDS = 20;

let t: TestStack;
let web: RunningConsole;
let browser: Browser;
let profile: string;
let gatewayUrl = '';
const contexts: BrowserContext[] = [];
const problems: string[] = [];
/** The graph's last answers to each page, printed when a page does not reach the screen a test waits for. */
const traffic = new WeakMap<Page, string[]>();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  await ensureConsoleBuilt();
  web = await startConsoleServer({ distDir: DIST_DIR, graphqlUrl: () => gatewayUrl, port: 0, host: '127.0.0.1' });
  t = await bootStack({
    CORS_ORIGINS: web.origin,
    // Access tokens expire while the suite runs, so every test also rides through refreshes and WebSocket reconnects
    // (the gateway closes a socket with 4401 when its token expires), as a console left open for hours does.
    ACCESS_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS),
    REFRESH_MAX_PER_IP: '10000',
    // Fraud's velocity rules are not under test here (the history test funds one user many times in a few seconds).
    FRAUD_VELOCITY_MAX_PER_MINUTE: '1000',
    FRAUD_VELOCITY_MAX_PER_HOUR: '10000',
    FRAUD_CARD_MAX_PER_HOUR: '1000',
    FRAUD_CARD_MAX_PER_DAY: '1000',
  });
  gatewayUrl = t.stack.gatewayUrl;
  profile = await mkdtemp(path.join(tmpdir(), 'paygraph-chromium-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disk-cache-dir=${profile}`,
    ],
  });
}, 180_000);

afterEach(() => {
  // Lighthouse's basics: nothing the console does may log an error in the browser.
  const seen = problems.splice(0);
  expect(seen).toEqual([]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close().catch(() => {});
  await web?.stop();
  await t?.stop();
  if (profile) await rm(profile, { recursive: true, force: true });
}, 60_000);

/** A new person: a fresh context (storage of its own), phone-sized or desktop, whose console errors fail the test. */
async function person(opts: { phone?: boolean; expect401?: boolean; expect503?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: opts.phone ? { width: 390, height: 844 } : { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(15_000);
  contexts.push(context);
  const page = await context.newPage();
  const seen: string[] = [];
  traffic.set(page, seen);
  page.on('response', (res) => {
    if (!res.url().startsWith(gatewayUrl)) return;
    const name = /"query":"(?:query|mutation|subscription) (\w+)/.exec(res.request().postData() ?? '')?.[1] ?? '?';
    void res.text().then(
      (body) => seen.push(`${new Date().toISOString().slice(11, 23)} ${name} ${res.status()} ${body.slice(0, 300)}`),
      () => seen.push(`${name} ${res.status()} (no body)`),
    );
    if (seen.length > 30) seen.shift();
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium itself logs every 401 response; the session test provokes one on purpose.
    if (opts.expect401 && /status of 401/.test(m.text())) return;
    if (opts.expect503 && /status of 503/.test(m.text())) return;
    problems.push(`console error: ${m.text()}`);
  });
  await page.goto(web.url);
  return page;
}

async function signUp(page: Page, displayName: string): Promise<string> {
  const address = email(displayName.toLowerCase());
  await page.getByRole('tab', { name: 'Create account' }).click();
  await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Email').fill(address);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await onWallets(page);
  return address;
}

/** Signs in with the keyboard only: the form must be reachable and submittable without a mouse. */
async function signIn(page: Page, address: string, password: string) {
  await page.getByLabel('Email').focus();
  await page.keyboard.type(address);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await onWallets(page);
}

async function addFunds(page: Page, amount: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Add funds' }).click();
  await page.getByRole('button', { name: 'Link card' }).click();
  await page.getByRole('status').filter({ hasText: 'Card ending 4242 linked' }).waitFor();
  await page.getByLabel('Amount').fill(amount);
  await page.getByRole('button', { name: 'Add funds' }).click();
  await page.getByRole('status').filter({ hasText: `Added $${amount}` }).waitFor();
}

/** Waits for the wallets screen; when it does not come, says what the page shows and what the graph answered. */
async function onWallets(page: Page): Promise<void> {
  try {
    await page.getByRole('heading', { name: 'Wallets' }).waitFor();
  } catch (error) {
    const shows = await page.locator('body').innerText().catch(() => '(no page)');
    throw new Error(`${(error as Error).message}\n--- the page shows:\n${shows.slice(0, 1500)}\n--- the graph answered:\n${(traffic.get(page) ?? []).join('\n')}`);
  }
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

/** Every input, select and textarea on the page has an accessible name (a label, or aria-label). */
async function unlabelledInputs(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => {
        const e = el as HTMLInputElement;
        return !(e.labels && e.labels.length > 0) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby');
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

/**
 * Text whose contrast with the background behind it is below WCAG AA (4.5:1, or 3:1 for large text). Disabled controls
 * are exempt, as in WCAG; a translucent background counts as the opaque one under it.
 */
async function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c[3] ?? 0) >= 0.99) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const failures: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('svg, :disabled') || !(el instanceof HTMLElement) || !el.offsetParent) continue;
      const text = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
      if (!text) continue;
      const style = getComputedStyle(el);
      const [l1, l2] = [lum(rgb(style.color)), lum(background(el))].sort((a, b) => b - a);
      const ratio = (l1! + 0.05) / (l2! + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) failures.push(`${ratio.toFixed(2)}:1 "${text.slice(0, 40)}" (${el.tagName.toLowerCase()}.${el.className})`);
    }
    return failures;
  });
}

describe('when two people use the console at once', () => {
  let alice: Page;
  let bob: Page;
  let bobEmail: string;

  it('then a payment from one shows on the other\'s balance, badge and toast live, without a reload', async () => {
    alice = await person();
    bob = await person({ phone: true });
    await signUp(alice, 'Alice');
    bobEmail = await signUp(bob, 'Bob');
    await addFunds(alice, '50.00');
    await bob.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    await alice.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Send' }).click();
    await alice.getByLabel("Recipient's email").fill(bobEmail);
    await alice.getByLabel('Amount').fill('12.34');
    await alice.getByLabel('Note (optional)').fill('Lunch');
    await alice.getByRole('button', { name: 'Send', exact: true }).click();
    await alice.getByRole('status').filter({ hasText: 'Sent: $12.34 to Bob' }).waitFor();

    await bob.getByTestId('balance-USD').filter({ hasText: '$12.34' }).waitFor();
    await bob.getByRole('status').filter({ hasText: 'You received 12.34 USD' }).waitFor();
    // Registration's "Confirm your email address" and the payment.
    await bob.getByTestId('unread-count').filter({ hasText: '2' }).waitFor();
    expect(await bob.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await shot(bob, 'live-payment-phone');
    expect(await lowContrast(bob)).toEqual([]);

    expect(await unlabelledInputs(alice)).toEqual([]);

    // At phone width every screen fits: nothing scrolls sideways.
    for (const screen of ['Send', 'Add funds', 'Convert', 'Activity', 'Wallets']) {
      await bob.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen }).click();
      await bob.getByRole('heading', { level: 1 }).first().waitFor();
      expect(await bob.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
  }, 90_000);

  it('then a bad amount is refused with the graph\'s error at the amount field', async () => {
    await alice.getByLabel('Amount').fill('12.345');
    await alice.getByRole('button', { name: 'Send', exact: true }).click();
    const amount = alice.getByLabel('Amount');
    await alice.locator('.field-error').first().waitFor();
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect(await alice.locator('.field-error').first().textContent()).toMatch(/amount|decimal|USD/i);
    await shot(alice, 'send-error');
    expect(await lowContrast(alice)).toEqual([]);

    await alice.getByLabel('Amount').fill('5000000');
    await alice.getByRole('button', { name: 'Send', exact: true }).click();
    await alice.getByRole('alert').filter({ hasText: /insufficient|limit|exceed/i }).first().waitFor();
  }, 60_000);

  it('then the history filters by kind and opens a payment with its steps', async () => {
    await alice.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    const rows = alice.getByRole('list', { name: 'Money movements' }).getByRole('listitem');
    await rows.filter({ hasText: 'To Bob' }).waitFor();
    expect(await rows.count()).toBe(2);

    await alice.getByLabel('Kind').selectOption('ADD_FUNDS');
    await alice.waitForFunction(() => document.querySelectorAll('.movement').length === 1 && !document.querySelector('[data-kind="P2P"]'));
    expect(await rows.first().textContent()).toContain('Added from card');

    await alice.getByLabel('Kind').selectOption('P2P');
    await alice.waitForFunction(() => document.querySelectorAll('.movement').length === 1 && !document.querySelector('[data-kind="ADD_FUNDS"]'));
    await rows.first().getByRole('link').click();
    await alice.getByTestId('payment-status').filter({ hasText: 'Completed' }).waitFor();
    await alice.getByRole('list').filter({ hasText: 'Completion' }).waitFor();
    expect(await unlabelledInputs(alice)).toEqual([]);
  }, 60_000);
});

describe('when the history is longer than a page', () => {
  it('then scrolling to its end loads the next page (Relay cursors), and the filter applies to every page', async () => {
    const dora = await registerUser(t, 'Dora Scroller');
    const card = await cardFor(t, dora.accessToken, '4242424242424242');
    // Four at a time: quick enough to stay inside one access token's life, light enough for one wallet's row lock.
    const statuses: string[] = [];
    for (let batch = 0; batch < 17; batch += 4) {
      const results = await Promise.all(
        Array.from({ length: Math.min(4, 17 - batch) }, (_, j) => {
          const i = batch + j;
          return t.op('money.graphql', 'AddFunds', {
            input: { fundingInstrumentId: card, amount: { amount: `${i + 1}.00`, currency: i % 4 === 3 ? 'EUR' : 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
          }, dora.accessToken);
        }),
      );
      statuses.push(...results.map((res) => res.data?.addFunds?.payment?.status));
    }
    expect(statuses).toEqual(Array(17).fill('COMPLETED'));
    const page = await person();
    await signIn(page, dora.email, PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    const rows = page.getByRole('list', { name: 'Money movements' }).getByRole('listitem');
    await rows.nth(14).waitFor();
    await page.locator('.sentinel').scrollIntoViewIfNeeded();
    await rows.nth(16).waitFor();
    expect(await rows.count()).toBe(17);

    await page.getByLabel('Currency').selectOption('EUR');
    await page.waitForFunction(() => document.querySelectorAll('.movement').length === 4);
    expect(await rows.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('€')]));
    expect((await rows.allTextContents()).every((text) => text.includes('€'))).toBe(true);
  }, 90_000);
});

describe('when the access token expires while the console is open', () => {
  it('then the live connection comes back with a refreshed token and still shows money arriving', async () => {
    const erin = await person();
    await signUp(erin, 'Erin');
    const signedInAt = Date.now();
    const before = await erin.evaluate(() => JSON.parse(localStorage.getItem('paygraph.session')!) as { refreshToken: string });
    // The console must not renew ahead of time here: the gateway is the one to find the token expired.
    await erin.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('paygraph.session')!);
      localStorage.setItem('paygraph.session', JSON.stringify({ ...s, refreshAt: Date.now() + 3600_000, expiresAt: Date.now() + 3600_000 }));
    });
    await erin.waitForFunction(
      (old) => JSON.parse(localStorage.getItem('paygraph.session')!).refreshToken !== old,
      before.refreshToken,
      { timeout: (TOKEN_TTL_SECONDS + 15) * 1000 },
    );
    expect(Date.now() - signedInAt).toBeGreaterThanOrEqual((TOKEN_TTL_SECONDS - 2) * 1000);

    const payer = await registerUser(t, 'Frank Payer');
    const card = await cardFor(t, payer.accessToken, '4242424242424242');
    await t.op('money.graphql', 'AddFunds', { input: { fundingInstrumentId: card, amount: { amount: '20.00', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true } }, payer.accessToken);
    const erinEmail = await erin.evaluate(() => document.querySelector('.lede')?.textContent?.match(/\(([^)]+)\)/)?.[1]);
    const sent = await t.op('money.graphql', 'SendMoney', {
      input: { recipientEmail: erinEmail, amount: { amount: '3.21', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
    }, payer.accessToken);
    expect(sent.data?.sendMoney?.payment?.status).toBe('COMPLETED');
    await erin.getByRole('status').filter({ hasText: 'You received 3.21 USD' }).waitFor();
    await erin.getByTestId('balance-USD').filter({ hasText: '$3.21' }).waitFor();
  }, 90_000);
});

describe('when the access token is no longer accepted', () => {
  it('then the console refreshes the session by itself, and signs out once the refresh token is gone too', async () => {
    const page = await person({ expect401: true });
    await signUp(page, 'Carol');
    const before = await page.evaluate(() => JSON.parse(localStorage.getItem('paygraph.session')!) as { accessToken: string; refreshToken: string });

    // A token the gateway refuses (as it refuses an expired one: 401 UNAUTHENTICATED), though the console thinks it
    // still has minutes to live; the next request must renew the session and carry on.
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('paygraph.session')!);
      const [h, p] = (s.accessToken as string).split('.');
      localStorage.setItem('paygraph.session', JSON.stringify({ ...s, accessToken: `${h}.${p}.AAAA` }));
    });
    await page.reload();
    await onWallets(page);
    await page.getByText('Signed in as').waitFor();
    const after = await page.evaluate(() => JSON.parse(localStorage.getItem('paygraph.session')!) as { accessToken: string; refreshToken: string });
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);

    // The refresh token revoked (here: replaced) as well: back to sign-in, nothing left behind.
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('paygraph.session')!);
      localStorage.setItem('paygraph.session', JSON.stringify({ ...s, accessToken: 'x.y.z', refreshToken: 'rt_not_a_real_token' }));
    });
    await page.reload();
    await page.getByRole('tab', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('paygraph.session'))).toBeNull();
  }, 60_000);
});

describe('when renewing the session fails on the way (the gateway briefly unavailable)', () => {
  it('then the console keeps the session, renews it on a later try and carries on', async () => {
    const page = await person({ expect401: true, expect503: true });
    await signUp(page, 'Grace');
    const before = await page.evaluate(() => JSON.parse(localStorage.getItem('paygraph.session')!) as { refreshToken: string });
    let refused = 0;
    await page.route(gatewayUrl, async (route) => {
      if (refused < 1 && /mutation RefreshSession/.test(route.request().postData() ?? '')) {
        refused++;
        await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'unavailable' }] }) });
        return;
      }
      await route.continue();
    });
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('paygraph.session')!);
      const [h, p] = (s.accessToken as string).split('.');
      localStorage.setItem('paygraph.session', JSON.stringify({ ...s, accessToken: `${h}.${p}.AAAA` }));
    });
    await page.reload();
    await onWallets(page);
    await page.getByText('Signed in as').waitFor();
    expect(refused).toBe(1);
    const after = await page.evaluate(() => JSON.parse(localStorage.getItem('paygraph.session')!) as { refreshToken: string });
    expect(after.refreshToken).not.toBe(before.refreshToken);
  }, 60_000);
});

describe('when the demo seed has run', () => {
  it('then a demo user signs in to wallets, a balance chart, history and notifications (seeding twice changes nothing)', async () => {
    const first = await seedDemo(gatewayUrl, ROOT);
    expect(first.created).toHaveLength(DEMO_USERS.length);
    const second = await seedDemo(gatewayUrl, ROOT);
    expect(second).toEqual({ created: [], existing: DEMO_USERS.map((u) => u.email) });

    const ada = await person();
    await signIn(ada, DEMO_USERS[0].email, DEMO_PASSWORD);
    await ada.getByTestId('balance-USD').waitFor();
    await ada.getByTestId('balance-EUR').waitFor();
    await ada.getByRole('img', { name: /USD balance over time/ }).waitFor();
    expect(await unlabelledInputs(ada)).toEqual([]);
    await shot(ada, 'wallets');
    expect(await lowContrast(ada)).toEqual([]);

    await ada.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    await ada.getByRole('list', { name: 'Money movements' }).getByRole('listitem').filter({ hasText: 'Converted to EUR' }).waitFor();
    await shot(ada, 'activity');
    expect(await lowContrast(ada)).toEqual([]);

    await ada.getByRole('list', { name: 'Money movements' }).getByRole('listitem').filter({ hasText: 'From Alan Turing' }).getByRole('link').click();
    await ada.getByTestId('payment-status').filter({ hasText: 'Completed' }).waitFor();
    await shot(ada, 'payment');
    expect(await lowContrast(ada)).toEqual([]);

    await ada.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Convert' }).click();
    await ada.getByTestId('quote-expiry').waitFor();
    expect(await unlabelledInputs(ada)).toEqual([]);
    await shot(ada, 'convert');

    await ada.getByRole('link', { name: /^Notifications/ }).click();
    await ada.getByRole('list', { name: 'Notifications' }).getByRole('listitem').first().waitFor();
    await ada.getByTestId('unread-count').waitFor();
    await shot(ada, 'notifications');
    expect(await lowContrast(ada)).toEqual([]);
    await ada.getByRole('button', { name: 'Mark all as read' }).click();
    await ada.getByTestId('unread-count').waitFor({ state: 'detached' });
    expect(await ada.locator('.notification.unread').count()).toBe(0);

    await ada.getByRole('button', { name: 'Sign out' }).click();
    await ada.getByRole('tab', { name: 'Sign in' }).waitFor();
    expect(await unlabelledInputs(ada)).toEqual([]);
    await shot(ada, 'sign-in');
    expect(await lowContrast(ada)).toEqual([]);
    // The check itself sees pale text (so its empty answers above mean something).
    await ada.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p id="pale" style="color:#aaa">pale</p>'));
    expect(await lowContrast(ada)).toEqual([expect.stringContaining('"pale"')]);
  }, 120_000);
});
