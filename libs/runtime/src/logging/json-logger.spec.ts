import { describe, expect, it } from '@jest/globals';
import { createJsonLogger, NestJsonLogger } from './json-logger.js';

/** A real pino logger writing into an array: each entry is one parsed line. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createJsonLogger('peps-test', { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean).map((line) => JSON.parse(line))) });
  return { logger, lines };
}

describe('JSON logs (PEPS_LOG_FORMAT=json)', () => {
  it('given a message, when logged, then one JSON line with an ISO time, the level as a word and the service', () => {
    const { logger, lines } = capture();
    logger.info({ requestId: 'r-1' }, 'request');
    expect(lines).toEqual([{ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), service: 'peps-test', pid: expect.any(Number), hostname: expect.any(String), requestId: 'r-1', msg: 'request' }]);
  });

  it("given Nest's messages, when logged through NestJsonLogger, then their context is a field and e-mails and tokens are masked", () => {
    const { logger, lines } = capture();
    const nest = new NestJsonLogger(logger);
    nest.log('courriel envoyé à jean.louty@chu-nantes.fr', 'ProcessManagers');
    nest.error('échec avec le jeton Zx9_kP-3qLmN8vB2cD4eF6gH8iJ0kL2mN4oP6qR8sT0', 'Error: at jean.louty@chu-nantes.fr', 'Mail');
    nest.warn({ detail: 'objet' }, 'Projections');
    expect(lines.map(({ level, msg, context, stack }) => ({ level, msg, context, stack }))).toEqual([
      { level: 'info', msg: 'courriel envoyé à j***@chu-nantes.fr', context: 'ProcessManagers', stack: undefined },
      { level: 'error', msg: 'échec avec le jeton Zx9_…[masqué]', context: 'Mail', stack: 'Error: at j***@chu-nantes.fr' },
      { level: 'warn', msg: '{"detail":"objet"}', context: 'Projections', stack: undefined },
    ]);
  });

  it('given levels, when a message of another level comes, then it is left out', () => {
    const { logger, lines } = capture();
    const nest = new NestJsonLogger(logger, ['error']);
    nest.log('au démarrage', 'NestApplication');
    nest.error('en panne', undefined, 'Storage');
    nest.setLogLevels(['log']);
    nest.log('après', 'NestApplication');
    expect(lines.map((line) => line.msg)).toEqual(['en panne', 'après']);
  });
});
