// The console embedded in the demo host page (/host/, served under a strict CSP with hostile
// styles): the row action, events to the host, isolation, two consoles, unmount, token provider.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, openBrowser, screenshot, signIn, selectPrimary, DIST_DIR } from './harness.mjs';

const HOST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../host');
let emulator;
let session;
// Replicas stay in BUILD for 5 s, so the console is still following one when it is unmounted.
before(async () => { emulator = await startEmulator(['--host-page', HOST_DIR], { buildSeconds: 5 }); });
after(async () => { await emulator?.stop(); });
beforeEach(async () => { await emulator.reset(); });
afterEach(async () => { await session?.browser.close(); session = undefined; });

async function openHost() {
  session = await openBrowser();
  const { page } = session;
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${emulator.url}/host/`);
  await page.locator('#host-instances tr[data-name="orders-mysql"]').waitFor();
  return session;
}

async function openRow(page, name) {
  await page.locator(`#host-instances tr[data-name="${name}"] button`).click();
  const drawer = page.locator('#host-console');
  await drawer.getByLabel('Primary instance').waitFor();
  return drawer;
}

async function eventually(check, what, timeout = 15000) {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out: ${what}`);
}

test('the row action opens the console for that primary; events reach the host; zero CSP violations', async () => {
  const { page, errors } = await openHost();
  const drawer = await openRow(page, 'orders-mysql');
  const ordersId = await drawer.locator('option').filter({ hasText: /^orders-mysql — / }).getAttribute('value');
  await eventually(async () => (await drawer.getByLabel('Primary instance').inputValue()) === ordersId, 'preset primary');
  await eventually(async () => (await drawer.getByLabel('Replica name').inputValue()) === 'orders-mysql-rr2', 'name');
  await eventually(async () => (await drawer.getByLabel('Flavor').inputValue()) !== '', 'flavor');
  await screenshot(page, 'host-drawer', { fullPage: false });
  // Theming: --rrc-accent from the mount option, --rrc-radius from the host's stylesheet.
  const create = drawer.getByRole('button', { name: 'Create read replica' });
  const look = await create.evaluate((button) => {
    const style = getComputedStyle(button);
    return { background: style.backgroundColor, radius: style.borderTopLeftRadius };
  });
  assert.deepEqual(look, { background: 'rgb(199, 0, 11)', radius: '2px' });
  await drawer.getByRole('button', { name: 'Create read replica' }).click();
  await page.locator('#host-events li', { hasText: 'replica-created orders-mysql-rr2' }).waitFor();
  await page.locator('#host-events li', { hasText: 'replica-active orders-mysql-rr2' }).waitFor({ timeout: 15000 });
  const events = await page.locator('#host-events li').allInnerTexts();
  assert.deepEqual(events.slice(0, 2), ['replica-created orders-mysql-rr2', 'replica-active orders-mysql-rr2']);
  await page.locator('#host-instances tr[data-name="orders-mysql-rr2"]').waitFor();
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(errors, []);
  const policy = (await (await fetch(`${emulator.url}/host/`)).headers.get('content-security-policy'));
  assert.equal(policy, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'");
});

test('hostile host styles do not change the layout of the console controls', async () => {
  const { page } = await openHost();
  const drawer = await openRow(page, 'orders-mysql');
  const measure = (root) => root.evaluateAll((nodes) => nodes.map((node) => {
    const style = getComputedStyle(node);
    const box = node.getBoundingClientRect();
    return { tag: node.tagName, height: Math.round(box.height), font: style.fontSize, family: style.fontFamily,
      padding: style.padding, border: style.borderTopWidth, transform: style.textTransform };
  }));
  const hosted = await measure(drawer.locator('.rrc select, .rrc input, .rrc button'));
  const standalone = await (async () => {
    const other = await session.context.newPage();
    await signIn(other, emulator.url, `?primary=${await drawer.getByLabel('Primary instance').inputValue()}`);
    await other.getByLabel('Replica name').waitFor();
    const result = await measure(other.locator('.rrc select, .rrc input, .rrc button'));
    await other.close();
    return result;
  })();
  const pick = (list, tag) => list.filter((c) => c.tag === tag);
  for (const tag of ['SELECT', 'INPUT']) {
    const [a, b] = [pick(hosted, tag)[0], pick(standalone, tag)[0]];
    assert.deepEqual(a, b, `${tag} differs between the host page and the standalone page`);
  }
  const createHosted = hosted.filter((c) => c.tag === 'BUTTON').pop();
  const createAlone = standalone.filter((c) => c.tag === 'BUTTON').pop();
  assert.deepEqual(createHosted, createAlone);
  assert.notEqual(createHosted.transform, 'uppercase');
});

test('two consoles on one page work independently; setLanguage and setToken', async () => {
  const { page, errors } = await openHost();
  await page.evaluate(async () => {
    const { mount } = await import('/rds-replica-console.js');
    window.freshToken = async (region) => {
      const response = await fetch('/v3/auth/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'demo', password: 'demo', domain: { name: 'demo' } } } }, scope: { project: { name: region } } } }) });
      const body = await response.json();
      return { token: response.headers.get('X-Subject-Token'), projectId: body.token.project.id };
    };
    for (const id of ['left', 'right']) {
      const element = document.createElement('div');
      element.id = id;
      document.body.append(element);
      const { token, projectId } = await window.freshToken('cn-north-4');
      const handle = mount(element, { endpoint: '', iamEndpoint: '', region: 'cn-north-4', projectId, token,
        language: id === 'left' ? 'en-us' : 'zh-cn' });
      // Only the left handle is kept: a garbage-collected handle must not unmount its console.
      if (id === 'left') window.leftHandle = handle;
    }
  });
  const left = page.locator('#left');
  const right = page.locator('#right');
  await selectPrimary(left, 'orders-mysql');
  await selectPrimary(right, 'analytics-pg');
  await eventually(async () => (await left.getByLabel('Replica name').inputValue()) === 'orders-mysql-rr2', 'left name');
  await eventually(async () => (await right.getByLabel('只读实例名称').inputValue()) === 'analytics-pg-rr1', 'right name');
  assert.match(await left.locator('.rrc').innerText(), /Create a read replica/);
  assert.match(await right.locator('.rrc').innerText(), /创建只读实例/);

  // setLanguage switches one console only.
  await page.evaluate(() => window.leftHandle.setLanguage('zh-cn'));
  await eventually(async () => /创建只读实例/.test(await left.locator('.rrc h1').innerText()), 'left in Chinese');
  assert.equal(await left.getByLabel('只读实例名称').inputValue(), 'orders-mysql-rr2', 'the form kept its values');
  await page.evaluate(() => window.leftHandle.setLanguage('en-us'));
  await eventually(async () => /Create a read replica/.test(await left.locator('.rrc h1').innerText()), 'left in English');
  assert.match(await right.locator('.rrc h1').innerText(), /创建只读实例/);
  await assert.rejects(page.evaluate(() => window.leftHandle.setLanguage('fr-fr')), /unsupported language/);

  // setToken: after every token expired, the left console works on with the host's new token.
  await emulator.expireTokens();
  await page.evaluate(async () => window.leftHandle.setToken((await window.freshToken('cn-north-4')).token));
  await selectPrimary(left, 'billing-ha');
  await eventually(async () => (await left.getByLabel('Replica name').inputValue()) === 'billing-ha-rr1', 'left name after setToken');
  await eventually(async () => (await left.getByLabel('Flavor').inputValue()) !== '', 'flavors with the new token');
  assert.equal(await left.getByRole('button', { name: 'Sign in' }).count(), 0);
  assert.deepEqual(errors, []);
});

test('the module and its assets work from any base path and add no globals', async () => {
  const { page, errors } = await openHost();
  // The host serves the console's files under /vendor/replica-console/ (routed to dist/).
  const served = [];
  await page.route('**/vendor/replica-console/*', (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop();
    served.push(file);
    return route.fulfill({ path: path.join(DIST_DIR, file) });
  });
  const added = await page.evaluate(async () => {
    const before = new Set(Object.getOwnPropertyNames(window));
    const module = await import('/vendor/replica-console/rds-replica-console.js');
    await module.default();
    const element = document.createElement('div');
    element.id = 'vendored';
    document.body.append(element);
    const handle = module.mount(element, { endpoint: '', iamEndpoint: '', language: 'en-us',
      assetsBase: '/vendor/replica-console' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    window.vendoredHandle = handle;
    return Object.getOwnPropertyNames(window).filter((name) => !before.has(name));
  });
  // No globals: only what this test itself set.
  assert.deepEqual(added, ['vendoredHandle']);
  const root = page.locator('#vendored .rrc');
  await root.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.deepEqual(served.sort(), ['console.css', 'rds-replica-console.js', 'rds-replica-console_bg.wasm']);
  // Its stylesheet applies: the console's own font size and padding, not the host's.
  await eventually(async () => (await root.evaluate((el) => getComputedStyle(el).fontSize)) === '14px', 'console.css applied');
  assert.deepEqual(errors, []);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
});

test('after unmount() no request reaches the emulator', async () => {
  const { page } = await openHost();
  const requestsWhile = async (ms) => {
    const before = (await emulator.stats()).requestCount;
    await new Promise((r) => setTimeout(r, ms));
    const stats = await emulator.stats();
    return stats.requests.slice(stats.requests.length - (stats.requestCount - before))
      .filter((r) => !r.path.startsWith('/emulator'));
  };
  const createReplica = async () => {
    const drawer = await openRow(page, 'orders-mysql');
    await eventually(async () => (await drawer.getByLabel('Flavor').inputValue()) !== '', 'flavor');
    const created = page.locator('#host-events li', { hasText: 'replica-created' });
    const count = await created.count();
    await drawer.getByRole('button', { name: 'Create read replica' }).click();
    await eventually(async () => (await created.count()) > count, 'replica-created');
  };
  // Open, the console follows the new replica (BUILD lasts 5 s, polls at about 1, 2.5, 4.75 s).
  await createReplica();
  const polls = await requestsWhile(2500);
  assert.ok(polls.length >= 2, `an open console polls: ${JSON.stringify(polls)}`);
  // Unmounted while the replica is still in BUILD: nothing more reaches the emulator.
  await page.locator('#host-drawer-close').click();
  assert.deepEqual(await requestsWhile(4000), []);
  // The same element takes a new console afterwards (the host's next row action).
  const drawer = await openRow(page, 'analytics-pg');
  await eventually(async () => (await drawer.getByLabel('Replica name').inputValue()) === 'analytics-pg-rr1', 'remounted');
  assert.equal(await drawer.locator('.rrc').count(), 1);
});

test('unmount() aborts the requests in flight and fires no event after it', async () => {
  const { page, errors } = await openHost();
  const started = [];
  const aborted = [];
  page.on('request', (request) => { if (request.url().includes('/rds/v1/')) started.push(request.url()); });
  page.on('requestfailed', (request) => {
    if (request.url().includes('/rds/v1/')) aborted.push(request.failure()?.errorText);
  });
  await emulator.latency(2000);
  await page.locator('#host-instances tr[data-name="orders-mysql"] button').click();
  // After the provider's token: instances, MySQL and PostgreSQL versions are on their way.
  await eventually(async () => started.length >= 3, 'the console\'s first requests', 10000);
  await page.locator('#host-drawer-close').click();
  await eventually(async () => aborted.length >= 3, `3 aborted requests, got ${JSON.stringify(aborted)}`, 2000);
  assert.ok(aborted.every((text) => /ABORTED/.test(text)), JSON.stringify(aborted));
  await emulator.latency(0);
  await page.waitForTimeout(3500);
  assert.deepEqual(await page.locator('#host-events li').allInnerTexts(), []);
  assert.deepEqual(errors, []);
});

test('a token provider that returns a fresh token after a 401 lets the flow continue', async () => {
  const { page } = await openHost();
  const drawer = await openRow(page, 'analytics-pg');
  await eventually(async () => (await drawer.getByLabel('Flavor').inputValue()) !== '', 'flavor');
  await emulator.expireTokens();
  await drawer.getByRole('button', { name: 'Create read replica' }).click();
  await drawer.getByTestId('instance-json').waitFor({ timeout: 10000 });
  const stats = await emulator.stats();
  assert.equal(stats.creates.length, 1);
  const refused = stats.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/instances') && r.status === 401);
  assert.equal(refused.length, 1);
  assert.equal(await drawer.getByRole('button', { name: 'Sign in' }).count(), 0);
  // The host owns the session: no sign-out in the embedded console.
  assert.equal(await drawer.getByRole('button', { name: 'Sign out' }).count(), 0);
});
