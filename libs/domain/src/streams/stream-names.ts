/** Stream names, for every writer and reader: lowercase category, dash, id (the event store derives categories from them). */
export const accountStream = (accountId: string): string => `account-${accountId}`;
export const employerStream = (employerId: string): string => `employer-${employerId}`;
/** `accountStream` in SQL, for a query that names the account by a column or parameter. */
export const accountStreamSql = (accountIdSql: string): string => `'${accountStream('')}' || ${accountIdSql}`;
/** `employerStream` in SQL (null for a null id). */
export const employerStreamSql = (employerIdSql: string): string => `'${employerStream('')}' || ${employerIdSql}`;
/** The mail manager's streams, one per mail: `notification.failed` attempts, then `notification.sent`. */
export const notificationStream = (notificationId: string): string => `notification-${notificationId}`;
/** The letter manager's streams, one per letter: `letter.generated`, then `letter.sent-to-mailroom`. */
export const letterStream = (letterId: string): string => `letter-${letterId}`;
/** The platform has one set of terms of use: every published version is in this one stream. */
export const TERMS_OF_USE_STREAM = 'terms-of-use';
