import { jest } from '@jest/globals';
import { EVENT_STORE } from '@peps/runtime';
import type { EventStore } from '@peps/event-store';
import { startWithAdministrator, type TestPlatform } from '../../testing/index.js';

// Issue 20: an authenticated read costs one statement — the session, its account's and its employer's stream versions
// together — once the employer's state is known to the process. The event store wrapper that seals personal data
// once hid the SQL store from this join (three statements a request): this spec keeps it from coming back.
describe('Round trips of an authenticated read (PGlite)', () => {
  let platform: TestPlatform;
  let adminToken: string;

  beforeAll(async () => {
    ({ platform, adminToken } = await startWithAdministrator(31));
  }, 120_000);
  afterAll(() => platform.close());

  it('given an administrator whose employer was read once, when GET /api/services is asked again, then one statement is run and no stream is read', async () => {
    expect((await platform.api('GET', '/api/services', { token: adminToken })).status).toBe(200);
    const store = platform.app.get<EventStore>(EVENT_STORE);
    const reads = jest.spyOn(store, 'readStream');
    const statements = jest.spyOn(platform.db, 'query');
    const answer = await platform.api('GET', '/api/services', { token: adminToken });
    expect(answer.status).toBe(200);
    expect(answer.body.defaults).toBeDefined();
    expect(reads).not.toHaveBeenCalled();
    expect(statements).toHaveBeenCalledTimes(1);
    expect(String(statements.mock.calls[0][0])).toMatch(/from auth\.sessions/);
    reads.mockRestore();
    statements.mockRestore();
  });
});
