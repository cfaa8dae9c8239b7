import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BootstrapService } from './bootstrap.service.js';
import { DEMO_EMPLOYER_ID } from './demo-employer.js';
import { OPERATOR, startTestPlatform, STRONG_PASSWORD, type TestPlatform } from '../../testing/test-platform.js';

describe('start-up: bootstrap operator and demonstration employer', () => {
  let platform: TestPlatform;
  const printed: string[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform({ PEPS_DEMO: '1' });
  });
  afterAll(() => platform.close());

  it('creates the operator (DRS + auditor) and the demo employer once, printing the password-creation link', async () => {
    const log = console.log;
    console.log = (line: string) => void printed.push(line);
    try {
      // Already run at start; running again must change nothing (first start only).
      await platform.app.get(BootstrapService).onApplicationBootstrap();
    } finally {
      console.log = log;
    }
    expect(printed.join('\n')).toContain(`identifiant ${OPERATOR.identifier}`);
    expect(printed.join('\n')).not.toContain('/mot-de-passe/creer');

    const drs = await platform.api('POST', '/api/auth/login', { body: { identifier: OPERATOR.identifier.toLowerCase(), password: OPERATOR.password } });
    expect(drs.body.account.roles).toEqual(['drs', 'auditor']);

    const { rows } = await platform.db.query<{ account_id: string; identifier: string }>(
      'select account_id, identifier from auth.account_directory where employer_id = $1',
      [DEMO_EMPLOYER_ID],
    );
    expect(rows).toHaveLength(1);
    const token = await platform.linkToken(rows[0].account_id);
    const setup = await platform.api('POST', '/api/password/setup', { body: { token, password: STRONG_PASSWORD, passwordConfirmation: STRONG_PASSWORD } });
    expect(setup.status).toBe(200);
    const admin = await platform.signIn(rows[0].identifier, STRONG_PASSWORD);
    const details = await platform.api('GET', `/api/accounts/${rows[0].account_id}`, { token: admin });
    expect(details.body).toMatchObject({ profile: 'administrator', employerId: DEMO_EMPLOYER_ID, lastName: 'Louty' });
    const employer = await platform.db.query<{ data: { name: string; address: string[] } }>(
      `select data from es.events where type = 'employer.registered'`,
    );
    const data = typeof employer.rows[0].data === 'string' ? JSON.parse(employer.rows[0].data) : employer.rows[0].data;
    expect(data.name).toBe('CHRU DE NANTES');
    expect(data.address).toEqual(['5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1']);
  });
});
