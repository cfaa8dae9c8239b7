import { accountDecider } from '../account/decide-account.js';
import { eventSchemaVersions } from '../events/event-schema-versions.js';
import { toDomainEvent, toStoredEvent } from '../events/upcast.js';
import { fold } from '../shared/decider.js';
import { activeJean } from '../testing/fixtures.js';
import { codeIssued, jeanWithTotp, passkeyRegistered, workstationTrusted } from '../testing/second-factor.js';
import { emptySecondFactor } from './second-factor-state.js';

describe('Second factor: streams and schema versions', () => {
  it('replays an account stream recorded before the second factor to an empty second factor', () => {
    // Stored v1/v2 events, as the event store returns them: no `secondFactor` anywhere.
    const stored = activeJean.map((event) => JSON.parse(JSON.stringify(toStoredEvent(event))));
    const state = fold(accountDecider, stored.map(toDomainEvent) as typeof activeJean);
    expect(state?.secondFactor).toEqual(emptySecondFactor);
  });

  it('gives every second factor event schema version 1, stored and read back unchanged', () => {
    const events = [codeIssued(), ...jeanWithTotp.slice(3), passkeyRegistered(), workstationTrusted()];
    for (const event of events) {
      expect(eventSchemaVersions[event.type]).toBe(1);
      expect(toDomainEvent(toStoredEvent(event))).toEqual(event);
    }
    for (const type of [
      'account.second-factor-verified',
      'account.second-factor-failed',
      'account.totp-removed',
      'account.passkey-removed',
      'account.workstation-revoked',
      'account.second-factor-reset',
    ] as const) {
      expect(eventSchemaVersions[type]).toBe(1);
    }
  });
});
