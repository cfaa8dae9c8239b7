import { Injectable } from '@nestjs/common';
import { AccountDirectory } from '../../shell/command-side/account-directory.js';
import { WriteSide } from '../../shell/command-side/write-side.js';

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();

/** Who a person is: the same e-mail, last name and first name (case and accents aside) is the same person. */
export function personKey(input: { email?: unknown; lastName?: unknown; firstName?: unknown }): string {
  return [input.email, input.lastName, input.firstName].map((value) => fold(String(value ?? ''))).join('\u0000');
}

export interface SamePersonAccount {
  accountId: string;
  identifier: string;
}

/**
 * A live account of the employer for the same person as a form or an import line: the import creates nothing twice,
 * the creation wizard warns before a second account. The directory finds candidates by e-mail; the stream decides.
 */
@Injectable()
export class SamePersonAccounts {
  constructor(
    private readonly directory: AccountDirectory,
    private readonly writeSide: WriteSide,
  ) {}

  async find(employerId: string, person: { email?: unknown; lastName?: unknown; firstName?: unknown }): Promise<SamePersonAccount | undefined> {
    if (typeof person.email !== 'string' || person.email.trim() === '') return undefined;
    const key = personKey(person);
    for (const entry of await this.directory.findByEmail(person.email.trim())) {
      if (entry.employerId !== employerId) continue;
      const { state } = await this.writeSide.loadAccount(entry.accountId);
      if (state && state.status !== 'closed' && personKey(state) === key) return { accountId: entry.accountId, identifier: state.identifier };
    }
    return undefined;
  }
}
