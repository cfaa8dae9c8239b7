import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  createMailTransport,
  createSmsSender,
  renderSecondFactorCodeMail,
  smsCodeText,
  stableMessageId,
  type MailTransport,
  type DisplayNamed,
  type NamedPerson,
  type SmsSender,
} from '@peps/notifications';
import { PLATFORM_CONFIG, type PlatformConfig } from '@peps/runtime';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@peps/domain';

export interface CodeToSend {
  method: 'email' | 'sms';
  /** An e-mail address or a mobile number. */
  to: string;
  recipient: NamedPerson | DisplayNamed;
  identifier: string;
  code: string;
  issuedAt: Date;
}

/**
 * Sends a second-factor code at once, from the request that asked for it: the code in clear exists only here and in
 * the message (the account's stream keeps its digest), so it cannot wait for the mail process manager.
 */
@Injectable()
export class SecondFactorCodeSender implements OnApplicationShutdown {
  private readonly mail: MailTransport;
  private readonly sms: SmsSender;
  private readonly domain: string;

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {
    this.mail = createMailTransport({ smtpUrl: config.smtpUrl, dataDir: config.dataDir });
    this.sms = createSmsSender({ smsUrl: config.smsUrl, dataDir: config.dataDir });
    this.domain = new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, '') || 'peps.localhost';
  }

  async send(message: CodeToSend): Promise<void> {
    try {
      if (message.method === 'sms') {
        await this.sms.send(message.to, smsCodeText(message.code));
        return;
      }
      const mail = renderSecondFactorCodeMail({
        recipient: message.recipient,
        identifier: message.identifier,
        code: message.code,
        issuedAt: message.issuedAt.toISOString(),
        platformUrl: this.config.publicUrl,
      });
      await this.mail.send({ to: message.to, subject: mail.subject, html: mail.html, text: mail.text, messageId: stableMessageId(`second-factor-code:${randomUUID()}`, this.domain) });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new DomainError('second-factor.delivery-failed');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.mail.close?.();
    await this.sms.close?.();
  }
}
