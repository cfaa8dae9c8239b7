import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpListenerOptions {
  /** Require AUTH (PLAIN/LOGIN, without TLS) with these credentials; unset: no authentication offered. */
  auth?: { user: string; pass: string };
}

/**
 * The one real SMTP listener of the tests, on 127.0.0.1 (random port), keeping every message it accepts; `refuse`
 * answers the next messages with a temporary error. It outlives clients that die mid-session (a SIGKILLed worker
 * resets its connections).
 */
export async function startSmtpListener(options: SmtpListenerOptions = {}) {
  const received: ReceivedMail[] = [];
  const control = { refuse: 0 };
  const { auth } = options;
  const server = new SMTPServer({
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(credentials, _session, callback) {
      if (auth && credentials.username === auth.user && credentials.password === auth.pass) callback(null, { user: auth.user });
      else callback(new Error('Invalid credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (control.refuse > 0) {
          control.refuse--;
          const error = new Error('Boîte pleine, réessayez plus tard') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined); // ECONNRESET from a killed client: not the listener's failure
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}?starttls=ignore`,
    received,
    /** The next `count` messages are refused with a temporary error. */
    refuse(count: number) {
      control.refuse = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpListener = Awaited<ReturnType<typeof startSmtpListener>>;
