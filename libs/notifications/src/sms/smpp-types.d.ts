/**
 * The part of the `smpp` package (0.5, plain JavaScript, no published types) the SMS sender and its
 * integration spec use. Field names are the SMPP specification's.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  namespace smpp {
    interface PDU {
      readonly command: string;
      command_status: number;
      sequence_number: number;
      system_id?: string;
      password?: string;
      message_id?: string;
      source_addr?: string;
      source_addr_ton?: number;
      source_addr_npi?: number;
      destination_addr?: string;
      dest_addr_ton?: number;
      dest_addr_npi?: number;
      data_coding?: number;
      short_message?: { message: string | Buffer; udh?: Buffer[] } | Buffer | string;
      isResponse(): boolean;
      response(options?: Record<string, unknown>): PDU;
    }

    type ResponseCallback = (pdu: PDU) => void;
    type Shortcut = (options: Record<string, unknown>, responseCallback?: ResponseCallback) => boolean;

    interface Session extends EventEmitter {
      readonly socket: Socket;
      send(pdu: PDU, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback): boolean;
      close(callback?: () => void): void;
      destroy(callback?: () => void): void;
      pause(): void;
      resume(): void;
      bind_transceiver: Shortcut;
      submit_sm: Shortcut;
      unbind: Shortcut;
      enquire_link: Shortcut;
    }

    interface Server extends NetServer {
      readonly sessions: Session[];
    }

    interface ConnectOptions {
      host: string;
      port: number;
      auto_enquire_link_period?: number;
    }

    interface Encoding {
      match(value: string): boolean;
    }
  }

  const smpp: {
    connect(options: smpp.ConnectOptions, listener?: () => void): smpp.Session;
    createServer(listener: (session: smpp.Session) => void): smpp.Server;
    PDU: new (command: string, options?: Record<string, unknown>) => smpp.PDU;
    encodings: { detect(value: string): string | false; ASCII: smpp.Encoding; LATIN1: smpp.Encoding; UCS2: smpp.Encoding };
    errors: Record<string, number>;
    ENCODING: Record<string, number>;
    TON: Record<'UNKNOWN' | 'INTERNATIONAL' | 'NATIONAL' | 'ALPHANUMERIC', number>;
    NPI: Record<'UNKNOWN' | 'ISDN', number>;
    ESME_ROK: number;
    ESME_RBINDFAIL: number;
    ESME_RINVDSTADR: number;
    ESME_RSYSERR: number;
    ESME_RTHROTTLED: number;
  };
  export = smpp;
}
