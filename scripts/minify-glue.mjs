// Trunk post_build hook (release builds): minifies wasm-bindgen's JS glue with terser and
// updates its subresource-integrity hash in index.html. Trunk 0.21 leaves the glue as written
// and computes the hashes before hooks run, so both are done here. Saves ~2.5 KB gzip of the
// bundle budget (issue 4); the module's exports (`default`, `mount`, …) keep their names.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('minify-glue: TRUNK_STAGING_DIR is not set (run by Trunk only)');

const glue = join(staging, 'rds-replica-console.js');
const html = join(staging, 'index.html');
const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

const original = readFileSync(glue);
const result = await minify(original.toString('utf8'), {
  module: true,
  ecma: 2020,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
});
if (!result.code) throw new Error('minify-glue: terser returned no code');
writeFileSync(glue, result.code);

const page = readFileSync(html, 'utf8');
const before = integrity(original);
if (!page.includes(before)) throw new Error(`minify-glue: ${before} not found in index.html`);
writeFileSync(html, page.replaceAll(before, integrity(Buffer.from(result.code))));
console.log(`minify-glue: ${original.length} -> ${result.code.length} bytes`);
