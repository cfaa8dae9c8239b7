import pg from 'pg';
import { quoteIdentifier } from '@peps/sql';
import { withDatabase } from '@peps/sql/testing';

/** Runs `work` on a client connected to the server's maintenance database, then closes it. */
async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database `name` on the server (one a previous run left behind is dropped first); `drop` removes it. */
export async function freshServerDatabase(serverUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const dropIt = (client: pg.Client) => client.query(`drop database if exists ${quoteIdentifier(name)} with (force)`);
  await onServer(serverUrl, async (client) => {
    await dropIt(client);
    await client.query(`create database ${quoteIdentifier(name)}`);
  });
  return { url: withDatabase(serverUrl, name), drop: () => onServer(serverUrl, dropIt).then(() => undefined) };
}
