import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, launch, waitFor, type Harness } from './harness';

/**
 * Marketing ops try a catalog from their own machine with the simplest server there is: no
 * CORS headers. localhost and 127.0.0.1 are the hosts Pitchside may read without asking.
 */
describe('a catalog served from this machine without CORS headers', () => {
  let h: Harness;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(fixture('tests/fixtures/catalogs/e2e.json'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/catalog.json`;
    h = await launch();
  });
  afterAll(async () => {
    await h?.close();
    server?.close();
  });

  it('syncs, and the status says how many items are cached', async () => {
    const options = await h.openExtensionPage('options.html');
    const field = await options.waitForSelector('::-p-aria([name="Catalog URL"][role="textbox"])');
    await field!.type(url);
    await options.click('::-p-aria([name="Sync now"][role="button"])');
    const status = await waitFor(
      async () => {
        const text = await options.$eval('[role="status"]', (el) => el.textContent ?? '');
        return /\d+ items?\b/.test(text) || /fail|could not|not/i.test(text) ? text : null;
      },
      'the sync status',
      20_000,
    );
    // Five items in the file, one of them invalid (a plain http: URL elsewhere than localhost).
    expect(status).toContain('4 items cached');
  });
});
