// The first vertical slice: the page served by the emulator signs in and lists MySQL versions
// from the emulator, without any page or console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, openBrowser, screenshot, signIn } from './harness.mjs';

let emulator;
let browser;
before(async () => { emulator = await startEmulator(); });
after(async () => { await browser?.close(); await emulator?.stop(); });

test('the console lists MySQL versions from the emulator', async () => {
  const opened = await openBrowser();
  browser = opened.browser;
  const { page, errors } = opened;
  await signIn(page, emulator.url);
  const versions = page.locator('.rrc-versions');
  await versions.getByText('MySQL').waitFor();
  const text = await versions.innerText();
  for (const version of ['5.6.30', '5.6.33', '5.7.17', '5.7.29', '8.0.18']) {
    assert.ok(text.includes(version), `${version} missing from: ${text}`);
  }
  const stats = await emulator.stats();
  assert.ok(stats.requests.some((r) => r.path.endsWith('/datastores/MySQL/versions') && r.status === 200));
  await screenshot(page, 'foundation-versions');
  assert.deepEqual(errors, []);
});
