import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { routeTable } from '../../testing/route-table.js';
import { activeUser, signInAuditor, signInOperator, startWithTwoEmployers, STRONG_PASSWORD, type TestPlatform } from '../../testing/index.js';
import { authorizationMatrix, type Caller } from './authorization-matrix.js';

const callers: Caller[] = ['anonymous', 'user', 'administrator', 'otherAdministrator', 'drs', 'auditor'];

/** Pages, OpenAPI documents and static assets are not API endpoints with an access rule of their own. */
const isApiRoute = (route: string) => / \/api\//.test(route) && !/ \/api\/docs/.test(route);

describe('authorization matrix: every route × every kind of caller', () => {
  let platform: TestPlatform;
  let routes: string[];
  const tokens: Partial<Record<Caller, string>> = {};
  let fixture: { employerId: string; adminIdentifier: string; otherAdministratorIdentifier: string };

  beforeAll(async () => {
    const staff = await startWithTwoEmployers([11, 12]);
    ({ platform, drsToken: tokens.drs, auditorToken: tokens.auditor } = staff);
    routes = routeTable(platform.app).filter(isApiRoute);
    fixture = { employerId: staff.first.employerId, adminIdentifier: staff.first.admin.identifier, otherAdministratorIdentifier: staff.second.admin.identifier };
    await platform.api('POST', '/api/cgu/versions', { token: tokens.drs, body: { version: '2024-1', text: 'Conditions générales…' } });
  }, 60_000);
  afterAll(() => platform.close());

  it('has an entry for every API route (add new endpoints to auth/authorization-matrix.ts)', () => {
    const missing = routes.filter((route) => !authorizationMatrix[route]);
    expect(missing).toEqual([]);
  });

  it('has no entry for a route that does not exist', () => {
    expect(Object.keys(authorizationMatrix).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('answers each caller with the expected status', async () => {
    const identifiers = { administrator: fixture.adminIdentifier, otherAdministrator: fixture.otherAdministratorIdentifier };
    const signInAll = async () => {
      tokens.administrator = await platform.signIn(identifiers.administrator, STRONG_PASSWORD);
      tokens.otherAdministrator = await platform.signIn(identifiers.otherAdministrator, STRONG_PASSWORD);
      tokens.drs = await signInOperator(platform);
      tokens.auditor = await signInAuditor(platform);
    };
    await signInAll();
    const failures: string[] = [];
    let n = 0;
    for (const route of routes) {
      const entry = authorizationMatrix[route];
      if (!entry) continue;
      const [method, pattern] = route.split(' ');
      for (const caller of callers) {
        // A fresh target account per call, so that a DELETE or an invitation does not spoil the next caller's row.
        n += 1;
        const target = await activeUser(platform, tokens.administrator!, { email: `cible${n}@chu.fr`, emailConfirmation: `cible${n}@chu.fr` });
        const token = caller === 'anonymous' ? undefined : caller === 'user' ? target.token : tokens[caller];
        const path = pattern
          .replace(/:accountId|:id(?=\/|$)/g, (param) => (pattern.startsWith('/api/establishments') && param === ':id' ? fixture.employerId : target.id))
          .replace(':version', '2024-1');
        const body = entry.body ?? (['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined);
        const answer = await platform.api(method, path, { token, body });
        const expected = ([] as number[]).concat(entry.expect[caller]);
        if (!expected.includes(answer.status)) {
          failures.push(`${route} as ${caller}: expected ${expected.join(' or ')}, got ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 160)}`);
        }
        if (route === 'POST /api/auth/logout') await signInAll();
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
