/** Stream names this library reads and writes (the write side names account and employer streams the same way). */
export const accountStream = (accountId: string): string => `account-${accountId}`;
export const employerStream = (employerId: string): string => `employer-${employerId}`;
/** One stream per mail: `notification.failed` attempts, then `notification.sent`. */
export const notificationStream = (notificationId: string): string => `notification-${notificationId}`;
/** One stream per letter: `letter.generated`, then `letter.sent-to-mailroom`. */
export const letterStream = (letterId: string): string => `letter-${letterId}`;
