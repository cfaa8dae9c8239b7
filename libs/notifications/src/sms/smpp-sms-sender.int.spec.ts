import type { AddressInfo } from 'node:net';
import smpp from 'smpp';
import { SmppSmsSender } from './smpp-sms-sender.js';
import { SmsDeliveryError } from './sms-sender.js';
import { smsCodeText } from './sms-text.js';

interface Submitted {
  destination: string | undefined;
  ton: number | undefined;
  npi: number | undefined;
  dataCoding: number | undefined;
  text: string;
}

/** A real SMPP server (the `smpp` package's), playing an SMS centre that knows one system_id / password. */
async function startSmsCentre(credentials = { systemId: 'peps', password: 's3cr&t' }) {
  const binds: Array<{ systemId?: string; password?: string; accepted: boolean }> = [];
  const received: Submitted[] = [];
  const unbinds: number[] = [];
  const plan: Array<'answer' | 'drop' | 'silent' | number> = [];
  const server = smpp.createServer((session) => {
    let bound = false;
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu) => {
      const accepted = pdu.system_id === credentials.systemId && pdu.password === credentials.password;
      binds.push({ systemId: pdu.system_id, password: pdu.password, accepted });
      session.send(pdu.response(accepted ? { system_id: 'SMSC' } : { command_status: smpp.ESME_RBINDFAIL }));
      bound = accepted;
    });
    session.on('submit_sm', (pdu) => {
      // A centre answers a submit from an unbound session with ESME_RINVBNDSTS (0x04).
      if (!bound) return session.send(pdu.response({ command_status: 0x04 }));
      const message = pdu.short_message;
      const text = typeof message === 'object' && message !== null && 'message' in message ? String(message.message) : String(message);
      received.push({ destination: pdu.destination_addr, ton: pdu.dest_addr_ton, npi: pdu.dest_addr_npi, dataCoding: pdu.data_coding, text });
      const next = plan.shift() ?? 'answer';
      if (next === 'drop') return session.destroy();
      if (next === 'silent') return;
      session.send(pdu.response(next === 'answer' ? { message_id: `m${received.length}` } : { command_status: next }));
    });
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      unbinds.push(Date.now());
      session.send(pdu.response());
      session.close();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (systemId = credentials.systemId, password = credentials.password) =>
      `smpp://${encodeURIComponent(systemId)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    binds,
    received,
    unbinds,
    /** What the centre does with the next submit_sm: an error status, drop the connection, or say nothing. */
    onNextSubmits: (...steps: Array<'answer' | 'drop' | 'silent' | number>) => plan.push(...steps),
    /** Sends a request to the bound client (as a centre does with delivery receipts); resolves with its answer. */
    ask: (command: 'deliver_sm' | 'enquire_link', params: Record<string, unknown> = {}) =>
      new Promise<smpp.PDU>((resolve) => server.sessions[0].send(new smpp.PDU(command, params), resolve)),
    dropEveryone: () => server.sessions.slice().forEach((session) => session.destroy()),
    close: () => {
      server.sessions.slice().forEach((session) => session.destroy());
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('SMPP SMS sender against a real SMPP server', () => {
  let centre: Awaited<ReturnType<typeof startSmsCentre>>;
  let sender: SmppSmsSender | undefined;
  beforeEach(async () => {
    centre = await startSmsCentre();
  });
  afterEach(async () => {
    await sender?.close();
    sender = undefined;
    await centre.close();
  });

  it('binds as a transceiver with the URL credentials and submits the code to the international number', async () => {
    sender = new SmppSmsSender({ url: centre.url() });
    const text = smsCodeText('123456');
    await sender.send('06 12 34 56 78', text);
    await sender.send('+33 7 98 76 54 32', smsCodeText('654321'));

    // One session for both SMS, bound with the percent-decoded credentials.
    expect(centre.binds).toEqual([{ systemId: 'peps', password: 's3cr&t', accepted: true }]);
    expect(centre.received).toEqual([
      { destination: '33612345678', ton: smpp.TON.INTERNATIONAL, npi: smpp.NPI.ISDN, dataCoding: 0, text },
      expect.objectContaining({ destination: '33798765432', text: expect.stringContaining('654321') }),
    ]);
    expect(centre.received[0].text).toBe(
      "PEP's Comptes : votre code de connexion est 123456. Il est valable 5 minutes. Ne le communiquez à personne.",
    );
  });

  it('fails when the centre refuses the bind, and says why without the password', async () => {
    sender = new SmppSmsSender({ url: centre.url('peps', 'wrong') });
    const failure = await sender.send('0612345678', smsCodeText('123456')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SmsDeliveryError);
    expect((failure as SmsDeliveryError).commandStatus).toBe(smpp.ESME_RBINDFAIL);
    expect((failure as Error).message).toMatch(/bind refused.*ESME_RBINDFAIL/);
    expect((failure as Error).message).not.toContain('wrong');
    expect(centre.binds).toEqual([{ systemId: 'peps', password: 'wrong', accepted: false }]);
    expect(centre.received).toEqual([]);
  });

  it('fails on a non-zero command_status in submit_sm_resp, and the next SMS goes through', async () => {
    sender = new SmppSmsSender({ url: centre.url() });
    centre.onNextSubmits(smpp.ESME_RTHROTTLED);
    const failure = await sender.send('0612345678', smsCodeText('111111')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SmsDeliveryError);
    expect((failure as SmsDeliveryError).commandStatus).toBe(smpp.ESME_RTHROTTLED);
    expect((failure as Error).message).toMatch(/ESME_RTHROTTLED/);

    await sender.send('0612345678', smsCodeText('222222'));
    expect(centre.received.map((sms) => sms.text.match(/\d{6}/)?.[0])).toEqual(['111111', '222222']);
    expect(centre.binds).toHaveLength(1);
  });

  it('reconnects and binds again after the connection dropped between two SMS', async () => {
    sender = new SmppSmsSender({ url: centre.url() });
    await sender.send('0612345678', smsCodeText('111111'));
    centre.dropEveryone();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sender.send('0612345678', smsCodeText('222222'));
    expect(centre.binds.map((bind) => bind.accepted)).toEqual([true, true]);
    expect(centre.received.map((sms) => sms.text.match(/\d{6}/)?.[0])).toEqual(['111111', '222222']);
  });

  it('submits once more on a new connection when the connection drops before the answer', async () => {
    sender = new SmppSmsSender({ url: centre.url() });
    centre.onNextSubmits('drop');
    await sender.send('0612345678', smsCodeText('333333'));
    expect(centre.binds).toHaveLength(2);
    expect(centre.received.map((sms) => sms.text.match(/\d{6}/)?.[0])).toEqual(['333333', '333333']);
  });

  it('gives up after the second drop in a row', async () => {
    sender = new SmppSmsSender({ url: centre.url() });
    centre.onNextSubmits('drop', 'drop');
    await expect(sender.send('0612345678', smsCodeText('444444'))).rejects.toThrow(/connection .* lost/);
    expect(centre.received).toHaveLength(2);
  });

  it('fails when the centre does not answer in time, and uses a new connection for the next SMS', async () => {
    sender = new SmppSmsSender({ url: centre.url(), timeoutMs: 300 });
    centre.onNextSubmits('silent');
    await expect(sender.send('0612345678', smsCodeText('555555'))).rejects.toThrow(/no answer within 300 ms/);
    await sender.send('0612345678', smsCodeText('666666'));
    expect(centre.binds).toHaveLength(2);
  });

  it('refuses a number that is no mobile without connecting', async () => {
    sender = new SmppSmsSender({ url: centre.url() });
    await expect(sender.send('02 41 05 19 38', smsCodeText('123456'))).rejects.toBeInstanceOf(SmsDeliveryError);
    await expect(sender.send('', smsCodeText('123456'))).rejects.toBeInstanceOf(SmsDeliveryError);
    expect(centre.binds).toEqual([]);
  });

  it('fails when nothing listens at the address', async () => {
    const port = centre.port;
    await centre.close();
    centre = await startSmsCentre();
    sender = new SmppSmsSender({ url: `smpp://peps:x@127.0.0.1:${port}` });
    await expect(sender.send('0612345678', smsCodeText('123456'))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('answers what the centre asks of a transceiver: delivery receipts and enquire_link', async () => {
    sender = new SmppSmsSender({ url: centre.url() });
    await sender.send('0612345678', smsCodeText('123456'));
    const receipt = await centre.ask('deliver_sm', { source_addr: '33612345678', esm_class: 0x04, short_message: 'id:m1 stat:DELIVRD' });
    expect([receipt.command, receipt.command_status]).toEqual(['deliver_sm_resp', 0]);
    const alive = await centre.ask('enquire_link');
    expect([alive.command, alive.command_status]).toEqual(['enquire_link_resp', 0]);
  });

  it('unbinds on close, and sends nothing afterwards', async () => {
    sender = new SmppSmsSender({ url: centre.url() });
    await sender.send('0612345678', smsCodeText('123456'));
    await sender.close();
    expect(centre.unbinds).toHaveLength(1);
    await expect(sender.send('0612345678', smsCodeText('123456'))).rejects.toThrow(/closed/);
    expect(centre.received).toHaveLength(1);
  });
});
