/** Stream names of the write side: lowercase category, dash, id (the event store derives categories from them). */
export const accountStream = (accountId: string): string => `account-${accountId}`;
export const employerStream = (employerId: string): string => `employer-${employerId}`;
/** `accountStream` in SQL, for a query that names the account by a column or parameter. */
export const accountStreamSql = (accountIdSql: string): string => `'${accountStream('')}' || ${accountIdSql}`;
/** The platform has one set of terms of use: every published version is in this one stream. */
export const TERMS_OF_USE_STREAM = 'terms-of-use';
