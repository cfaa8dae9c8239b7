import { setTimeout as sleep } from 'node:timers/promises';
import { announcedTransaction, CommitNotifier } from './commit-notifier.js';

function recordingDatabase() {
  const sent: string[] = [];
  return {
    sent,
    query: async <Row>(_sql: string, params: readonly unknown[] = []) => {
      sent.push(String(params[0]));
      return { rows: [] as Row[] };
    },
  };
}

describe('CommitNotifier', () => {
  it('announces the first commit of a burst at once and the rest together, with the newest transaction id', async () => {
    const db = recordingDatabase();
    const notifier = new CommitNotifier(db, 20);
    const local: bigint[] = [];
    notifier.onCommit((id) => local.push(id));

    notifier.committed(10n);
    for (let id = 11n; id <= 60n; id++) notifier.committed(id);
    notifier.committed(30n); // a slower writer's older transaction does not lower the announcement
    await sleep(5);
    expect(db.sent).toEqual(['10']);
    await sleep(60);

    expect(db.sent).toEqual(['10', '60']);
    expect(local).toHaveLength(52); // subscribers in this process hear every commit, unthrottled
  });

  it('announces again after a quiet period', async () => {
    const db = recordingDatabase();
    const notifier = new CommitNotifier(db, 5);
    notifier.committed(1n);
    await sleep(30);
    notifier.committed(2n);
    await sleep(30);
    expect(db.sent).toEqual(['1', '2']);
  });

  it('keeps going when a NOTIFY fails', async () => {
    let calls = 0;
    const notifier = new CommitNotifier(
      {
        query: async () => {
          calls++;
          if (calls === 1) throw new Error('server gone');
          return { rows: [] };
        },
      },
      1,
    );
    notifier.committed(1n);
    await sleep(10);
    notifier.committed(2n);
    await sleep(10);
    expect(calls).toBe(2);
  });
});

describe('announcedTransaction', () => {
  it('reads the transaction id a NOTIFY carries', () => {
    expect(announcedTransaction('123456789')).toBe(123456789n);
    expect(announcedTransaction('18446744073709551615')).toBe(18446744073709551615n);
  });

  it.each([[''], ['abc'], ['-1'], ['1.5'], ['123456789012345678901']])('knows nothing from %p', (payload) => {
    expect(announcedTransaction(payload)).toBeNull();
  });
});
