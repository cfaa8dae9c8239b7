import type { ApiAnswer } from '../../../shell/pages/api-client.js';
import { apiMessage } from '../../../shell/pages/api-client.js';
import type { PendingChallenge } from './challenge-cookie.js';

/** The methods whose code is typed in the form (a passkey answers through the browser, with JavaScript). */
const CODE_METHOD_LABELS: Record<string, string> = {
  email: 'Code reçu par courriel',
  sms: 'Code reçu par SMS',
  totp: "Code de l'application d'authentification",
  recovery: 'Code de secours',
};

const SENT_BY: Record<'email' | 'sms', string> = { email: 'par courriel', sms: 'par SMS' };

export interface CodeFormOptions {
  /** Where both forms post: `/connexion/code` (sign-in) or `/verification` (step-up). */
  action: string;
  /** Hidden fields every form of the page carries (the step-up's context). */
  hidden?: { name: string; value: string }[];
  stepUp: boolean;
  /** A code was just sent (this request). */
  justSent?: 'email' | 'sms';
  error?: string;
  /** The method picked in the form that was posted, kept when the page comes back. */
  chosen?: string;
  trustChecked?: boolean;
}

/** The view of the code form both pages share (« Vérification de votre identité », « Confirmez votre identité »). */
export function codeFormView(pending: PendingChallenge, options: CodeFormOptions): Record<string, unknown> {
  const methods = pending.methods;
  const codeMethods = methods.filter((m) => m in CODE_METHOD_LABELS);
  const preferred =
    (options.chosen && codeMethods.includes(options.chosen) ? options.chosen : undefined) ??
    (pending.sent && codeMethods.includes(pending.sent) ? pending.sent : undefined) ??
    (codeMethods.includes('totp') ? 'totp' : codeMethods[0]);
  const sendOptions = (['email', 'sms'] as const)
    .filter((m) => methods.includes(m))
    .map((m) => ({ method: m, label: pending.sent === m ? 'Renvoyer le code' : `Recevoir un code ${SENT_BY[m]}`, resend: pending.sent === m, by: SENT_BY[m] }));
  // A code sent earlier is recalled until something else (an error) is to be read first.
  const sent = options.justSent ?? (options.error ? undefined : pending.sent);
  return {
    stepUp: options.stepUp,
    action: options.action,
    hidden: options.hidden ?? [],
    heading: options.stepUp ? 'Confirmez votre identité' : 'Vérification de votre identité',
    submitLabel: options.stepUp ? 'Valider et continuer' : 'Valider',
    sendOptions,
    sentNotice: sent ? `Un code vous a été envoyé ${SENT_BY[sent]}. Il est valable 5 minutes.` : undefined,
    codeMethods: codeMethods.map((m) => ({ value: m, id: `methode-${m}`, label: CODE_METHOD_LABELS[m], checked: m === preferred })),
    singleMethod: codeMethods.length === 1 ? codeMethods[0] : undefined,
    hasCodeMethods: codeMethods.length > 0,
    codeHint: codeHint(codeMethods),
    passkey: methods.includes('passkey') ? { challenge: pending.challenge } : undefined,
    noMethod: methods.length === 0,
    trust: !options.stepUp,
    trustChecked: options.trustChecked === true,
    error: options.error,
  };
}

/** What to type, in the words of the methods the account has. */
function codeHint(methods: string[]): string {
  const received = ['email', 'sms'].filter((m) => methods.includes(m)).map((m) => SENT_BY[m as 'email' | 'sms']);
  const sources = [
    ...(received.length > 0 ? [`reçu ${received.join(' ou ')}`] : []),
    ...(methods.includes('totp') ? ['affiché par votre application d’authentification'] : []),
  ];
  const code = sources.length > 0 ? `Le code à 6 chiffres ${sources.join(', ou ')}` : 'Le code';
  return methods.includes('recovery') ? `${code}, ou l’un de vos codes de secours (par exemple 7K4M-Q2XH).` : `${code}.`;
}

/** The form's chosen method and code, as the API expects them. */
export function verificationOf(form: Record<string, unknown>, pending: PendingChallenge): { method: string; code: string } {
  const code = typeof form.code === 'string' ? form.code.trim() : '';
  const asked = typeof form.method === 'string' ? form.method : '';
  const method = pending.methods.includes(asked) && asked !== 'passkey' ? asked : (pending.sent ?? pending.methods.find((m) => m in CODE_METHOD_LABELS) ?? 'email');
  return { method, code };
}

export const sendMethodOf = (form: Record<string, unknown>, pending: PendingChallenge): 'email' | 'sms' | undefined =>
  (form.method === 'email' || form.method === 'sms') && pending.methods.includes(form.method) ? form.method : undefined;

export const CODE_MISSING = 'Saisissez le code de vérification.';
export const VERIFICATION_FAILED = 'Le code est incorrect ou a expiré. Vérifiez-le, ou demandez un nouveau code.';
export const SEND_FAILED = "Le code n'a pas pu être envoyé. Réessayez dans quelques instants.";

/** The API's French message, or ours when it says none. */
export const messageOf = (answer: ApiAnswer, fallback: string): string => apiMessage(answer, fallback);
