import { canonicalJson, contentHash, contentHashOfValidated } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'é' }, u: undefined })).toBe(
      '{"a":{"c":"é","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same text whatever the order the keys were written in', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: { b: 2, a: 1 } })).toBe(canonicalJson({ z: { a: 1, b: 2 }, y: [1, 2], x: 1 }));
  });

  it('reads back as the same value', () => {
    const value = { name: 'Élodie "Lou" Martin', tags: ['a\nb', '\u2028'], n: -1.5e-7, empty: {}, list: [] };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('accepts an object shared by two members (not a cycle)', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"k":1},"b":[{"k":1}]}');
  });

  it.each([
    [{ a: { b: [1, 'x\u0000'] } }, '$.a.b[1]: NUL character is not allowed'],
    [{ n: Number.NaN }, '$.n: NaN is not a JSON number'],
    [{ list: [1, Infinity] }, '$.list[1]: Infinity is not a JSON number'],
    [{ when: new Date(0) }, '$.when: Date is not plain JSON data'],
    [{ big: 1n }, '$.big: bigint is not JSON'],
    [{ f: () => 1 }, '$.f: function is not JSON'],
    [[undefined], '$[0]: undefined is not JSON'],
  ])('refuses %p, naming where', (value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('refuses a cycle', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = { back: loop };
    expect(() => canonicalJson(loop)).toThrow('$.self.back: cycle');
  });
});

describe('content hashes', () => {
  it('are the same computed from the event or from its validated canonical parts', () => {
    const event = { id: 'a0a0a0a0-0000-4000-8000-000000000001', type: 'account.created', schemaVersion: 1, data: { z: 1, a: 'b' }, metadata: { actor: 'x' } };
    expect(
      contentHashOfValidated(
        { ...event, dataJson: canonicalJson(event.data), metadataJson: canonicalJson(event.metadata) },
        'account-1',
      ),
    ).toBe(contentHash({ ...event, stream: 'account-1' }));
  });
});
