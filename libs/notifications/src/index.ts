/** @peps/notifications — mail rendering, mail and SMS delivery, and the legal-representative letter. */
export {
  civilityLabel,
  formatLongDate,
  formatShortDate,
  formatTime,
  PARIS_TIME_ZONE,
  type Civility,
  type Instant,
} from './format.js';

export {
  MAIL_FOOTER,
  MAIL_SIGNATURE,
  MailRenderingError,
  PLATFORM_NAME,
  type MailLinks,
  type RenderedMail,
} from './mail/engine.js';
// Every mail's renderer, its data type and its validity constants: the whole module is public.
export * from './mail/mails.js';
export * from './mail/second-factor-mails.js';

export {
  DEFAULT_MAIL_FROM,
  messageIdHash,
  stableMessageId,
  type MailTransport,
  type OutgoingMail,
} from './delivery/mail-transport.js';
export { composeRawMail } from './delivery/compose.js';
export {
  createSmtpMailTransport,
  parseSmtpUrl,
  SmtpUrlError,
  type ParsedSmtpUrl,
  type SmtpMailTransport,
  type SmtpTransportOptions,
} from './delivery/smtp-transport.js';
export {
  createOutboxMailTransport,
  deleteOutboxMails,
  listOutbox,
  OutboxMailNotFoundError,
  readOutboxMail,
  type OutboxEntry,
  type OutboxMail,
  type OutboxMailTransport,
  type OutboxTransportOptions,
} from './delivery/outbox-transport.js';
export { createMailTransport, outboxFolder, type MailTransportConfig } from './delivery/create-mail-transport.js';

export { SmsDeliveryError, type SmsSender } from './sms/sms-sender.js';
export { SECOND_FACTOR_CODE_VALIDITY_MINUTES, smsCodeText } from './sms/sms-text.js';
export { internationalDestination } from './sms/phone-destination.js';
export { DEFAULT_SMPP_PORT, parseSmppUrl, SmppUrlError, type ParsedSmppUrl } from './sms/smpp-url.js';
export { SmppSmsSender, type SmppSmsSenderOptions } from './sms/smpp-sms-sender.js';
export {
  deleteOutboxSms,
  listOutboxSms,
  OutboxSmsNotFoundError,
  OutboxSmsSender,
  readOutboxSms,
  type OutboxSms,
  type OutboxSmsSenderOptions,
} from './sms/outbox-sms-sender.js';
export { createSmsSender, type SmsSenderConfig } from './sms/create-sms-sender.js';

export {
  DRS_SENDER_BLOCK,
  legalRepresentativeLetterContent,
  LetterLayoutError,
  POSTAL_MAX_LINE_LENGTH,
  POSTAL_MAX_LINES,
  PostalAddressError,
  recipientBlock,
  renderLegalRepresentativeLetter,
  type LegalRepresentativeLetterData,
} from './letter/legal-representative-letter.js';
export { toWinAnsi } from './letter/winansi.js';
