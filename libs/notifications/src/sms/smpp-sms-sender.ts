import smpp from 'smpp';
import { internationalDestination } from './phone-destination.js';
import { SmsDeliveryError, type SmsSender } from './sms-sender.js';
import { parseSmppUrl, type ParsedSmppUrl } from './smpp-url.js';

export interface SmppSmsSenderOptions {
  /** `SMS_URL`: `smpp://system_id:password@host:port`. */
  url: string;
  /** Sender shown on the phone (digits, or up to 11 letters); the SMS centre's own when omitted. */
  source?: string;
  /** How long the bind and each submit_sm may wait for their answer (default 10 s). */
  timeoutMs?: number;
  /** enquire_link period keeping an idle connection open (default 30 s; 0 = none). */
  enquireLinkMs?: number;
}

/** Thrown when the connection dropped before the SMS centre answered: the one case worth a second try. */
class ConnectionLost extends SmsDeliveryError {}

interface Connection {
  session: smpp.Session;
  bound: Promise<void>;
  /** Rejects every request still waiting for its answer. */
  failAll(error: SmsDeliveryError): void;
  waiting: Set<(error: SmsDeliveryError) => void>;
  closed: Promise<void>;
}

const statusName = (status: number): string =>
  Object.entries(smpp.errors).find(([, value]) => value === status)?.[0] ?? `0x${status.toString(16).padStart(8, '0')}`;

/**
 * SMPP 3.4 client: one transceiver session, bound lazily with the URL's system_id and password and kept open;
 * each SMS is a submit_sm whose submit_sm_resp must carry command_status 0. A dropped connection is reopened
 * (and bound again) at the next SMS; an SMS caught by the drop is submitted once more on the new connection —
 * a duplicate code is harmless, a lost one keeps its holder out.
 */
export class SmppSmsSender implements SmsSender {
  private readonly target: ParsedSmppUrl;
  private readonly timeoutMs: number;
  private readonly enquireLinkMs: number;
  private current: Connection | undefined;
  private closing = false;

  constructor(private readonly options: SmppSmsSenderOptions) {
    this.target = parseSmppUrl(options.url);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.enquireLinkMs = options.enquireLinkMs ?? 30_000;
  }

  async send(to: string, text: string): Promise<void> {
    if (this.closing) throw new SmsDeliveryError('The SMPP sender is closed');
    if (typeof text !== 'string' || text === '') throw new SmsDeliveryError('An SMS needs a text');
    const destination = internationalDestination(to);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.submit(await this.connection(), destination, text);
        return;
      } catch (error) {
        if (error instanceof ConnectionLost && attempt === 1 && !this.closing) continue;
        throw error;
      }
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    const connection = this.current;
    if (!connection) return;
    // A polite unbind when bound; the socket goes in any case, at the latest after the timeout.
    const bound = await connection.bound.then(
      () => true,
      () => false,
    );
    if (bound) await this.request(connection, 'unbind', {}).catch(() => undefined);
    connection.session.close();
    const forced = setTimeout(() => connection.session.destroy(), this.timeoutMs);
    await connection.closed;
    clearTimeout(forced);
  }

  private connection(): Promise<Connection> {
    if (!this.current) this.current = this.open();
    const connection = this.current;
    return connection.bound.then(() => connection);
  }

  private open(): Connection {
    const { host, port, systemId, password } = this.target;
    const session = smpp.connect({ host, port, ...(this.enquireLinkMs > 0 ? { auto_enquire_link_period: this.enquireLinkMs } : {}) });
    const waiting = new Set<(error: SmsDeliveryError) => void>();
    let lastError: Error | undefined;
    let markClosed!: () => void;
    const connection: Connection = {
      session,
      bound: Promise.resolve(),
      waiting,
      failAll: (error) => [...waiting].forEach((reject) => reject(error)),
      closed: new Promise<void>((resolve) => (markClosed = resolve)),
    };
    // Without an 'error' listener a socket error would crash the process; the 'close' that follows reports it.
    session.on('error', (error: Error) => (lastError = error));
    session.on('close', () => {
      if (this.current === connection) this.current = undefined;
      connection.failAll(new ConnectionLost(`SMPP connection to ${host}:${port} lost${lastError ? ` (${lastError.message})` : ''}`));
      markClosed();
    });
    // What an SMS centre may ask of a transceiver: answered, or it would resend and then drop us.
    session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
    session.on('deliver_sm', (pdu: smpp.PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: smpp.PDU) => {
      session.send(pdu.response());
      session.close();
    });
    connection.bound = new Promise<void>((resolve, reject) => {
      waiting.add(reject);
      session.once('connect', () => {
        waiting.delete(reject);
        this.request(connection, 'bind_transceiver', { system_id: systemId, password }).then((resp) => {
          if (resp.command_status === smpp.ESME_ROK) return resolve();
          this.discard(connection);
          reject(new SmsDeliveryError(`SMPP bind refused by ${host}:${port}: ${statusName(resp.command_status)}`, resp.command_status));
        }, reject);
      });
    });
    // Nobody may be waiting when a bind fails (the sender is idle): no unhandled rejection for that.
    connection.bound.catch(() => undefined);
    return connection;
  }

  private submit(connection: Connection, destination: string, text: string): Promise<void> {
    const source = this.options.source ?? '';
    const encoding = smpp.encodings.detect(text);
    return this.request(connection, 'submit_sm', {
      source_addr: source,
      source_addr_ton: source === '' ? smpp.TON.UNKNOWN : /^\d+$/.test(source) ? smpp.TON.INTERNATIONAL : smpp.TON.ALPHANUMERIC,
      source_addr_npi: /^\d+$/.test(source) ? smpp.NPI.ISDN : smpp.NPI.UNKNOWN,
      destination_addr: destination,
      dest_addr_ton: smpp.TON.INTERNATIONAL,
      dest_addr_npi: smpp.NPI.ISDN,
      // GSM 03.38 as the SMS centre's default alphabet (0), which every centre reads; UCS-2 otherwise.
      data_coding: encoding === 'ASCII' ? smpp.ENCODING.SMSC_DEFAULT : smpp.ENCODING[encoding || 'UCS2'],
      short_message: text,
    }).then((resp) => {
      if (resp.command_status !== smpp.ESME_ROK) {
        throw new SmsDeliveryError(`SMS to ${destination} refused: ${statusName(resp.command_status)}`, resp.command_status);
      }
    });
  }

  /** Forgets a connection at once (the next SMS opens another) and drops its socket. */
  private discard(connection: Connection): void {
    if (this.current === connection) this.current = undefined;
    connection.session.destroy();
  }

  /** One request PDU and its answer, within the timeout; a silent SMS centre costs the connection. */
  private request(connection: Connection, command: 'bind_transceiver' | 'submit_sm' | 'unbind', params: Record<string, unknown>): Promise<smpp.PDU> {
    return new Promise<smpp.PDU>((resolve, reject) => {
      const fail = (error: SmsDeliveryError) => {
        clearTimeout(timer);
        connection.waiting.delete(fail);
        reject(error);
      };
      const timer = setTimeout(() => {
        fail(new SmsDeliveryError(`SMPP ${command} got no answer within ${this.timeoutMs} ms`));
        this.discard(connection);
      }, this.timeoutMs);
      connection.waiting.add(fail);
      const written = connection.session[command](params, (resp: smpp.PDU) => {
        clearTimeout(timer);
        connection.waiting.delete(fail);
        resolve(resp);
      });
      if (!written) {
        fail(new ConnectionLost(`SMPP connection closed before ${command}`));
        this.discard(connection);
      }
    });
  }
}
