/** The SMS delivery port: one text to one phone number. */
export interface SmsSender {
  /** Resolves once the SMS centre (or the outbox) has accepted the message; rejects otherwise. */
  send(to: string, text: string): Promise<void>;
  /** Releases connections / resources. */
  close?(): Promise<void>;
}

/** Why an SMS was not accepted (bad number, refused bind, error status, lost connection, timeout). */
export class SmsDeliveryError extends Error {
  override readonly name = 'SmsDeliveryError';
  constructor(
    message: string,
    /** The SMPP `command_status` when the SMS centre answered with an error. */
    readonly commandStatus?: number,
  ) {
    super(message);
  }
}
