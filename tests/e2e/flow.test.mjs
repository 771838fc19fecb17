// The console's whole flow against the real emulator: the happy path in both languages, each
// error class (message, code, advice, the form kept), one replica per click, a lost answer,
// deep links and a 401 in the middle of the flow.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  startEmulator, openBrowser, screenshot, signIn, selectPrimary, instanceId, withPageConfig,
  unexpectedErrors,
} from './harness.mjs';

let emulator;
let session;
before(async () => { emulator = await startEmulator(); });
after(async () => { await emulator?.stop(); });
beforeEach(async () => { await emulator.reset(); });
afterEach(async () => { await session?.browser.close(); session = undefined; });

async function open(options = {}) {
  session = await openBrowser(options);
  return session;
}

async function fillForOrders(page) {
  await selectPrimary(page, 'orders-mysql');
  const name = page.getByLabel('Replica name');
  await assertEventually(async () => (await name.inputValue()) === 'orders-mysql-rr2', 'suggested name');
  await assertEventually(async () => (await page.getByLabel('Flavor').inputValue()) !== '', 'preselected flavor');
  return name;
}

async function assertEventually(check, what, timeout = 10000) {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out: ${what}`);
}

async function createdReplicas() {
  return (await emulator.stats()).creates;
}

test('happy path in English: the replica reaches ACTIVE and its JSON is shown', async () => {
  const { page, errors } = await open();
  await signIn(page, emulator.url);
  await screenshot(page, 'empty-form');
  await fillForOrders(page);
  assert.equal(await page.getByLabel('Engine version').inputValue(), 'MySQL 5.7.29');
  const flavor = await page.getByLabel('Flavor').locator('option:checked').innerText();
  assert.match(flavor, /\.rr — 2 vCPU · 4 GB \(same class as the primary\)/);
  const body = await page.getByTestId('request-body').innerText();
  assert.match(body, /"name": "orders-mysql-rr2"/);
  assert.match(await page.getByTestId('curl').innerText(), /X-Auth-Token: \$TOKEN/);
  await screenshot(page, 'review');
  await page.getByRole('button', { name: 'Create read replica' }).click();
  const json = page.getByTestId('instance-json');
  await json.waitFor();
  assert.match(await json.innerText(), /"status": "BUILD"/);
  assert.match(await json.innerText(), /"replica_of": "/);
  await screenshot(page, 'created');
  await page.locator('.rrc-status-active').getByText('The replica is ACTIVE.').waitFor({ timeout: 15000 });
  await screenshot(page, 'active');
  const creates = await createdReplicas();
  assert.equal(creates.length, 1);
  assert.equal(creates[0].name, 'orders-mysql-rr2');
  assert.deepEqual(errors, []);
});

test('happy path in Chinese', async () => {
  const { page, errors } = await open({ locale: 'zh-CN' });
  await signIn(page, emulator.url);
  await page.getByText('创建只读实例').first().waitFor();
  await selectPrimary(page, 'analytics-pg');
  const name = page.getByLabel('只读实例名称');
  await assertEventually(async () => (await name.inputValue()) === 'analytics-pg-rr1', 'suggested name');
  await assertEventually(async () => (await page.getByLabel('规格').inputValue()) !== '', 'flavor');
  await screenshot(page, 'zh-cn-form');
  await page.getByRole('button', { name: '创建只读实例' }).click();
  await page.getByTestId('instance-json').waitFor();
  await page.locator('.rrc-status-active').getByText('只读实例已是 ACTIVE 状态。').waitFor({ timeout: 15000 });
  await screenshot(page, 'zh-cn-active');
  assert.equal((await createdReplicas()).length, 1);
  assert.deepEqual(errors, []);
});

test('ineligible primaries are listed disabled with the reason', async () => {
  const { page } = await open();
  await signIn(page, emulator.url);
  const option = (name) => page.locator('option').filter({ hasText: new RegExp(`^${name} — `) }).first();
  assert.match(await option('legacy-mssql').innerText(), /SQL Server has no read replicas/);
  assert.equal(await option('legacy-mssql').isDisabled(), true);
  assert.match(await option('catalog-mysql').innerText(), /replica limit reached/);
  assert.match(await option('inventory-mysql').innerText(), /not ACTIVE \(BUILD\)/);
  assert.match(await option('crm-mysql').innerText(), /not ACTIVE \(FAILED\)/);
  assert.equal(await option('orders-mysql').isDisabled(), false);
  await page.getByLabel('Filter primaries').fill('billing');
  const listed = page.getByLabel('Primary instance').locator('option:not([value=""])');
  await assertEventually(async () => (await listed.count()) === 2, 'filtered list');
  assert.deepEqual((await listed.allInnerTexts()).map((t) => t.split(' — ')[0]).sort(), ['billing-ha', 'billing-ha-standby']);
});

const errorCases = [
  { label: '403', fault: { status: 403, code: 'RDS.0010', message: 'Not authorised.' }, expect: /HTTP 403/, advice: /sign in for this region/ },
  { label: '404', fault: { status: 404, code: 'RDS.5042', message: 'The primary instance does not exist.' }, expect: /HTTP 404/, advice: /reload the instance list/ },
  { label: '409', fault: { status: 409, code: 'RDS.1102', message: 'The DB instance name already exists.' }, expect: /HTTP 409/, advice: /another replica name/ },
  { label: '413', fault: { status: 413, code: 'RDS.5024', message: 'The primary already has the maximum number of read replicas.' }, expect: /HTTP 413/, advice: /maximum number of read replicas/ },
  { label: '5xx', fault: { status: 500, code: 'RDS.9999', message: 'Server failure.' }, expect: /HTTP 500/, advice: /service failed/ },
];

for (const errorCase of errorCases) {
  test(`a ${errorCase.label} on create says what failed, keeps the form and retries`, async () => {
    const { page, errors } = await open();
    await signIn(page, emulator.url);
    const name = await fillForOrders(page);
    await name.fill('orders-custom-name');
    const primary = await page.getByLabel('Primary instance').inputValue();
    await emulator.fault({ method: 'POST', path: '/instances', times: 1, kind: 'error', ...errorCase.fault });
    await page.getByRole('button', { name: 'Create read replica' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, errorCase.expect);
    assert.match(text, new RegExp(errorCase.fault.code.replace('.', '\\.')));
    assert.match(text, errorCase.advice);
    if (errorCase.label === '409') await screenshot(page, 'error');
    assert.equal(await name.inputValue(), 'orders-custom-name');
    assert.equal(await page.getByLabel('Primary instance').inputValue(), primary);
    assert.equal((await createdReplicas()).length, 0);
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('instance-json').waitFor();
    assert.equal((await createdReplicas()).length, 1);
    assert.deepEqual(unexpectedErrors(errors), []);
  });
}

test('a malformed answer to the list is a clear error with a retry', async () => {
  const { page, errors } = await open();
  await emulator.fault({ method: 'GET', path: '/instances', times: 1, kind: 'malformed' });
  await page.goto(emulator.url);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /malformed response/);
  await alert.getByRole('button', { name: 'Retry' }).click();
  await page.locator('option').filter({ hasText: /^orders-mysql — / }).waitFor({ state: 'attached' });
  assert.deepEqual(unexpectedErrors(errors), []);
});

test('a network drop on create: nothing was created, the retry creates one', async () => {
  const { page, errors } = await open();
  await signIn(page, emulator.url);
  await fillForOrders(page);
  let dropped = false;
  await page.route('**/instances', async (route) => {
    if (route.request().method() === 'POST' && !dropped) { dropped = true; return route.abort('connectionreset'); }
    return route.continue();
  });
  await page.getByRole('button', { name: 'Create read replica' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /could not be reached/);
  assert.match(await alert.innerText(), /not created\. You can safely retry/);
  assert.equal(await page.getByLabel('Replica name').inputValue(), 'orders-mysql-rr2');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await page.getByTestId('instance-json').waitFor();
  assert.equal((await createdReplicas()).length, 1);
  assert.deepEqual(unexpectedErrors(errors.filter((e) => !/ERR_CONNECTION_RESET/.test(e))), []);
});

test('a double click creates exactly one replica', async () => {
  const { page } = await open();
  await signIn(page, emulator.url);
  await fillForOrders(page);
  await emulator.latency(300);
  await page.getByRole('button', { name: 'Create read replica' }).dblclick();
  await page.getByTestId('instance-json').waitFor();
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await createdReplicas()).length, 1);
  const posts = (await emulator.stats()).requests.filter((r) => r.method === 'POST' && r.path.endsWith('/instances'));
  assert.equal(posts.length, 1);
});

test('a timeout on create whose request did create the replica: found, never posted again', async () => {
  const { page } = await open();
  await withPageConfig(page, { 'timeout-ms': '1500' });
  await signIn(page, emulator.url);
  await fillForOrders(page);
  await emulator.fault({ method: 'POST', path: '/instances', times: 1, kind: 'hang_after' });
  await page.getByRole('button', { name: 'Create read replica' }).click();
  await page.getByText(/the replica “orders-mysql-rr2” exists/).waitFor({ timeout: 10000 });
  await page.locator('.rrc-status-active').getByText('The replica is ACTIVE.').waitFor({ timeout: 15000 });
  assert.equal((await createdReplicas()).length, 1);
});

test('a timeout on create that did not create: "retry" creates exactly one', async () => {
  const { page } = await open();
  await withPageConfig(page, { 'timeout-ms': '1500' });
  await signIn(page, emulator.url);
  await fillForOrders(page);
  await emulator.fault({ method: 'POST', path: '/instances', times: 1, kind: 'hang' });
  await page.getByRole('button', { name: 'Create read replica' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: 10000 });
  assert.match(await alert.innerText(), /did not answer within 1 s/);
  assert.match(await alert.innerText(), /You can safely retry/);
  await alert.getByRole('button', { name: 'Retry' }).click();
  await page.getByTestId('instance-json').waitFor();
  assert.equal((await createdReplicas()).length, 1);
});

test('a deep link restores the form, and a reload keeps it', async () => {
  const { page } = await open();
  await signIn(page, emulator.url);
  const primary = await instanceId(page, 'analytics-pg');
  await page.goto(`${emulator.url}/?region=cn-north-4&primary=${primary}&name=linked-replica`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await assertEventually(async () => (await page.getByLabel('Primary instance').inputValue()) === primary, 'primary from the link');
  assert.equal(await page.getByLabel('Replica name').inputValue(), 'linked-replica');
  await assertEventually(async () => (await page.getByLabel('Flavor').inputValue()) !== '', 'flavor');
  const flavor = await page.getByLabel('Flavor').inputValue();
  assert.match(page.url(), new RegExp(`flavor=${flavor}`));
  assert.doesNotMatch(page.url(), /token/i);
  await page.reload();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await assertEventually(async () => (await page.getByLabel('Flavor').inputValue()) === flavor, 'flavor after reload');
  assert.equal(await page.getByLabel('Replica name').inputValue(), 'linked-replica');
});

test('a 401 in the middle of the flow: sign in again and carry on', async () => {
  const { page } = await open();
  await signIn(page, emulator.url);
  await fillForOrders(page);
  await page.getByLabel('Replica name').fill('after-expiry-rr');
  await emulator.expireTokens();
  await page.getByRole('button', { name: 'Create read replica' }).click();
  await page.getByText('Your session expired').waitFor();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await assertEventually(async () => (await page.getByLabel('Replica name').inputValue()) === 'after-expiry-rr', 'name kept');
  await page.getByRole('button', { name: 'Create read replica' }).click();
  await page.getByTestId('instance-json').waitFor();
  const creates = await createdReplicas();
  assert.equal(creates.length, 1);
  assert.equal(creates[0].name, 'after-expiry-rr');
});

test('a failed build is shown as a failure with the reason', async () => {
  const { page } = await open();
  await signIn(page, emulator.url);
  await fillForOrders(page);
  await emulator.failBuilds(1);
  await page.getByRole('button', { name: 'Create read replica' }).click();
  await page.locator('.rrc-status-failed').getByText('The replica FAILED.').waitFor({ timeout: 15000 });
  assert.match(await page.locator('.rrc-status-failed').innerText(), /Insufficient|insufficient|capacity|resources/);
});

test('another region: a token for its project by the token method, and its instances', async () => {
  const { page, errors } = await open();
  await signIn(page, emulator.url);
  await page.getByLabel('Region').selectOption('ap-southeast-1');
  await page.locator('option').filter({ hasText: /^sg-shop-mysql — / }).waitFor({ state: 'attached' });
  assert.equal(await page.locator('option').filter({ hasText: /^orders-mysql — / }).count(), 0);
  const tokens = (await emulator.stats()).requests.filter((r) => r.method === 'POST' && r.path === '/v3/auth/tokens');
  assert.equal(tokens.length, 2);
  assert.match(page.url(), /region=ap-southeast-1/);
  assert.deepEqual(errors, []);
});

test('keyboard only: Enter submits, focus moves to the first error, the status is announced', async () => {
  const { page } = await open();
  await page.goto(emulator.url);
  await page.getByLabel('Password').focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Primary instance').waitFor();
  await selectPrimary(page, 'orders-mysql');
  const name = page.getByLabel('Replica name');
  await assertEventually(async () => (await name.inputValue()) !== '', 'suggested name');
  await page.getByLabel('Storage size (GB)').fill('95');
  await name.fill('1-starts-with-a-digit');
  await page.getByLabel('Storage size (GB)').press('Enter');
  // The storage field is invalid too and has focus while Enter is handled: wait for the focus to
  // move (next animation frame) to the first invalid field, the name.
  await assertEventually(async () => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid') === 'true'
    && document.activeElement?.getAttribute('maxlength') !== null), 'focus on the first invalid field');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('maxlength')), '64');
  assert.match(await page.locator('.rrc').innerText(), /Start with a letter\./);
  assert.match(await page.locator('.rrc').innerText(), /At least 100 GB/);
  assert.equal(await page.getByRole('status').filter({ hasText: 'Fix the highlighted fields.' }).count(), 1);
  assert.equal((await createdReplicas()).length, 0);
});
