import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Operators } from '@peps/runtime';
import type { PlatformConfig } from '@peps/runtime';
import { PasswordHasher } from '../../access/passwords/password-hasher.js';
import { systemContext } from '@peps/runtime';
import { employerStream } from '@peps/domain';
import { PLATFORM_CONFIG } from '@peps/runtime';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { RegisterEmployerCommand } from '../../employers/register-employer/register-employer.handler.js';
import { demoEmployer, DEMO_EMPLOYER_ID } from './demo-employer.js';
import { secondFactorSignInHint } from './sign-in-hint.js';

/**
 * At start: the bootstrap DRS operator from PEPS_BOOTSTRAP_OPERATOR_* if missing, and on the first start with
 * PEPS_DEMO=1 the demonstration employer, whose administrator's password-creation link is printed on the console
 * (the one place a raw link token is shown outside a mail: it is demonstration data on the embedded default), with
 * how the second factor's code reaches the demonstration's user.
 */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Démarrage');

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly operators: Operators,
    private readonly hasher: PasswordHasher,
    private readonly writeSide: WriteSide,
    private readonly commands: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bootstrapOperator();
    if (this.config.demo) {
      await this.seedDemo();
      const hint = secondFactorSignInHint(this.config);
      if (hint) console.log(hint);
    }
  }

  async bootstrapOperator(): Promise<void> {
    const wanted = this.config.bootstrapOperator;
    if (!wanted) return;
    const existing = await this.operators.findByIdentifier(wanted.identifier);
    if (!existing) {
      await this.operators.createIfMissing({
        accountId: randomUUID(),
        identifier: wanted.identifier,
        passwordHash: await this.hasher.hash(wanted.password),
        roles: ['drs', 'auditor'],
        displayName: `Opérateur DRS ${wanted.identifier}`,
        email: wanted.email ?? null,
      });
    } else if (wanted.email && existing.email !== wanted.email) {
      await this.operators.setEmail(existing.accountId, wanted.email);
    }
    console.log(
      `Opérateur DRS : connectez-vous sur ${this.config.publicUrl}/ avec l'identifiant ${wanted.identifier} ` +
        `et le mot de passe de PEPS_BOOTSTRAP_OPERATOR_PASSWORD (API : POST /api/auth/login).`,
    );
  }

  async seedDemo(): Promise<void> {
    if ((await this.writeSide.store.streamVersion(employerStream(DEMO_EMPLOYER_ID))) > 0) return;
    const registered = await this.commands.execute(new RegisterEmployerCommand(demoEmployer, systemContext()));
    const link = `${this.config.publicUrl}/mot-de-passe/creer?jeton=${registered.firstAdministrator.invitationToken}`;
    this.logger.log('Données de démonstration créées : établissement CHRU DE NANTES.');
    console.log(
      [
        `Démonstration — administrateur de CHRU DE NANTES : identifiant ${registered.firstAdministrator.identifier}.`,
        `Créez son mot de passe (lien valable 15 jours) : ${link}`,
        `puis connectez-vous sur ${this.config.publicUrl}/ avec cet identifiant.`,
      ].join('\n'),
    );
  }
}
