// Shared set-up of the end-to-end tests: a real emulator on an ephemeral port serving the
// release build, and headless Chromium driven by playwright-core. Every page error and console
// error is collected so a test can fail on it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EMULATOR_BIN = process.env.EMULATOR_BIN ?? path.join(root, 'target/debug/rds-emulator');
export const DIST_DIR = process.env.DIST_DIR ?? path.join(root, 'dist');
export const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? path.join(root, 'target/e2e-screenshots');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** Starts an emulator; resolves once it prints its address. */
export async function startEmulator(args = [], { buildSeconds = 1 } = {}) {
  const child = spawn(EMULATOR_BIN, ['--port', '0', '--dist', DIST_DIR, '--build-seconds', String(buildSeconds), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffer = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the emulator did not start within 20 s')), 20000);
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const match = buffer.match(/listening on (http:\/\/\S+)/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the emulator exited (${code})`)); });
  });
  const call = async (method, route, body) => {
    const response = await fetch(url + route, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    url,
    fault: (fault) => call('POST', '/emulator/faults', fault),
    latency: (ms) => call('POST', '/emulator/latency', { ms }),
    failBuilds: (count) => call('POST', '/emulator/fail-builds', { count }),
    expireTokens: () => call('POST', '/emulator/expire-tokens', {}),
    stats: () => call('GET', '/emulator/stats'),
    reset: () => call('POST', '/emulator/reset', {}),
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** Launches Chromium; `errors` collects page errors and console errors. */
export async function openBrowser({ locale = 'en-US' } = {}) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ locale, viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`http ${response.status()} ${new URL(response.url()).pathname}`);
  });
  return { browser, context, page, errors };
}

/** Console errors other than the browser's own note about a failed HTTP status. */
export function unexpectedErrors(errors) {
  return errors.filter((e) => !/Failed to load resource: the server responded with a status of|^http [45]\d\d /.test(e));
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** Opens the console and signs in with the demo account (pre-filled by the page). */
export async function signIn(page, url, query = '') {
  await page.goto(`${url}/${query}`);
  await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
  await page.getByLabel(/^(Primary instance|主实例)$/).waitFor();
}

/** Serves the page with extra data-* config (e.g. a short timeout) on the console's root. */
export async function withPageConfig(page, attributes) {
  await page.route((url) => url.pathname === '/' || url.pathname === '/index.html', async (route) => {
    const response = await route.fetch();
    const extra = Object.entries(attributes).map(([k, v]) => ` data-${k}="${v}"`).join('');
    // The release page is minified: attributes may be unquoted and in any order.
    const page = await response.text();
    const body = page.replace(/<div(?=[^>]*\bid="?rds-console\b)/, `<div${extra}`);
    if (body === page) throw new Error('withPageConfig: no #rds-console element in the page');
    await route.fulfill({ response, body });
  });
}

/** Selects a primary by instance name (options read "name — …"). */
export async function selectPrimary(page, name, label = /^(Primary instance|主实例)$/) {
  const option = page.locator('option').filter({ hasText: new RegExp(`^${name} — `) }).first();
  const value = await option.getAttribute('value');
  await page.getByLabel(label).selectOption(value);
  return value;
}

/** The primary's id, as the emulator lists it. */
export async function instanceId(page, name) {
  const option = page.locator('option').filter({ hasText: new RegExp(`^${name} — `) }).first();
  return option.getAttribute('value');
}
