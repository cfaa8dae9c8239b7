import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestPlatform, type TestPlatform } from '../../testing/index.js';
import { assetUrl, staticAssets } from './static-assets.js';

describe('static assets: from memory, versioned URLs cached for a year, ETag revalidation (HTTP)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  }, 60_000);
  afterAll(() => platform.close());

  it('given the pages, when rendered, then they link to versioned assets', async () => {
    const home = await platform.api('GET', '/');
    expect(home.body).toContain(`href="${assetUrl('app.css')}"`);
    expect(home.body).toContain(`src="${assetUrl('app.js')}"`);
    expect(assetUrl('app.css')).toMatch(/^\/assets\/app\.css\?v=[A-Za-z0-9_-]{16}$/);
  });

  it('given a versioned URL, when asked, then the file as on disk, cached for a year with its ETag', async () => {
    const answer = await platform.api('GET', assetUrl('app.css'));
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(readFileSync(fileURLToPath(new URL('./assets/app.css', import.meta.url)), 'utf8'));
    expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(answer.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(answer.headers.get('etag')).toBe(staticAssets.get('app.css')!.etag);
  });

  it('given an old or missing version, when asked, then the current file with a short cache only', async () => {
    for (const path of ['/assets/app.css', '/assets/app.css?v=ancienne']) {
      const answer = await platform.api('GET', path);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('public, max-age=300');
    }
  });

  it('given the ETag the browser holds, when it revalidates, then 304 with no body', async () => {
    const etag = staticAssets.get('app.js')!.etag;
    const answer = await platform.api('GET', '/assets/app.js', { headers: { 'if-none-match': etag } });
    expect(answer.status).toBe(304);
    expect(answer.body).toBeUndefined();
    const stale = await platform.api('GET', '/assets/app.js', { headers: { 'if-none-match': '"autre"' } });
    expect(stale.status).toBe(200);
  });

  it('given a name that is no asset, when asked, then 404 (no path outside the folder is reachable)', async () => {
    for (const path of ['/assets/inconnu.css', '/assets/..%2Fmain.hbs', '/assets/app.CSS']) {
      expect((await platform.api('GET', path)).status).toBe(404);
    }
  });

  it('given the vendored WebAuthn helper, when asked, then it is served like the others', async () => {
    const answer = await platform.api('GET', '/assets/simplewebauthn-browser.js');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });
});
