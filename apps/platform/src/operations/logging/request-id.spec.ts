import { describe, expect, it } from '@jest/globals';
import { requestIdOf } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it("given a proxy's id (UUID, nginx's 32 hex digits, a short one), when acceptable, then it is kept", () => {
    for (const id of ['6f1c2a9e-8a1b-4c55-9d2e-3b4a5c6d7e8f', '0123456789abcdef0123456789abcdef', 'req-42', 'edge:1.2_3']) expect(requestIdOf(id)).toBe(id);
    expect(requestIdOf(['first-1', 'second-2'])).toBe('first-1');
  });

  it('given no id, or one too long (a 43-character session token), with spaces, quotes or control characters, then a new UUID', () => {
    const refused = [undefined, '', 'Zx9_kP-3qLmN8vB2cD4eF6gH8iJ0kL2mN4oP6qR8sT0', 'a b', 'x"}{"admin":true', 'line\nbreak', 'é'];
    for (const given of refused) {
      const id = requestIdOf(given);
      expect(id).toMatch(UUID);
      expect(id).not.toBe(given);
    }
    expect(requestIdOf(undefined)).not.toBe(requestIdOf(undefined));
  });
});
