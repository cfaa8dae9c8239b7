import { accountStream } from '@peps/domain';
import { LinkTokens } from '../links/link-tokens.js';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { tokenHash } from '../../shell/command-side/secret-token.js';
import { linkProblem, linkState, type LinkAdministrator, type LinkKind } from './link-problem.js';

/**
 * Reads, without changing anything, whether a password link can still be used, so the page says what is wrong
 * before anyone types a password (a plain class the page builds from providers it already has). Returns the sentence to show, or undefined for a usable link.
 */
export class LinkStatus {
  constructor(
    private readonly linkTokens: LinkTokens,
    private readonly writeSide: WriteSide,
  ) {}

  async problemOf(kind: LinkKind, token: string): Promise<string | undefined> {
    const hash = tokenHash(token);
    const link = await this.linkTokens.find(hash);
    if (!link) return linkProblem(kind, 'unknown');
    const account = (await this.writeSide.loadAccount(link.accountId)).state;
    if (!account) return linkProblem(kind, 'unknown');
    const issued = link.purpose === 'invitation' ? account.invitations[hash] : account.passwordResets[hash];
    const state = linkState(issued, this.writeSide.now());
    if (state === 'usable') return undefined;
    return linkProblem(kind, state, kind === 'creation' ? await this.creatorOf(link.accountId) : undefined);
  }

  /** The account that appended the creation event, when it was an account (not the seed or an import by the system). */
  private async creatorOf(accountId: string): Promise<LinkAdministrator | undefined> {
    const [created] = await this.writeSide.store.readStream(accountStream(accountId), { limit: 1 });
    const actor = created?.metadata.actor;
    if (!actor || actor === 'system' || actor === 'anonymous' || actor === accountId) return undefined;
    const creator = (await this.writeSide.loadAccount(actor).catch(() => undefined))?.state;
    return creator ? { civility: creator.civility, lastName: creator.lastName } : undefined;
  }
}
