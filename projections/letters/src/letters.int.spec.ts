import { readerContract } from '@peps/read-store/testing';
import { Scenario } from '@peps/testing';
import { lettersMongoMapping } from './letters.documents.js';
import { lettersProjection } from './letters.projection.js';
import { lettersReaders } from './letters.readers.js';

readerContract('letters reader', { projections: [lettersProjection], mappings: [lettersMongoMapping] }, (models) => {
  it('lists letters newest first with their latest state, filtered on what is given; rebuilds identically', async () => {
    const s = new Scenario(models().events);
    await s.raw('letter-L1', 'letter.requested', { accountId: 'a-1', employerId: 'e-1', kind: 'administrator-registration', recipient: { firstName: 'Paul', lastName: 'Durand' } });
    await s.raw('letter-L2', 'letter.requested', { accountId: 'a-2', employerId: 'e-2' });
    await s.raw('letter-L1', 'letter.generated', { pdfPath: 'letters/L1.pdf' });
    await s.raw('letter-L3', 'letter.requested', { accountId: 'a-1', employerId: 'e-1' });
    await s.raw('letter-L3', 'letter.failed', { error: 'imprimante' });
    await models().catchUp(s.last);
    const letters = models().reader(lettersReaders);

    expect((await letters.list()).map((l) => l.letterId)).toEqual(['L3', 'L2', 'L1']);
    expect((await letters.list({ employerId: 'e-1' })).map((l) => l.letterId)).toEqual(['L3', 'L1']);
    expect((await letters.list({ accountId: 'a-1', status: 'generated' }))[0]).toMatchObject({
      letterId: 'L1', recipient: 'Paul Durand', pdfPath: 'letters/L1.pdf', kind: 'administrator-registration', status: 'generated',
    });
    expect(await letters.list({ status: 'sent' })).toEqual([]);

    await models().expectSameAfterRebuild(s.last);
  });
});
