import type { INestApplicationContext } from '@nestjs/common';
import type { EventStore } from '@peps/event-store';
import type { SqlDatabase } from '@peps/sql';
import type { PlatformClock } from '../clock/platform-clock.js';
import { EVENT_STORE, PLATFORM_CLOCK, SQL_DATABASE } from '../tokens.js';

/**
 * The last step of a shutdown, once the application is closed (its runners stopped): the clock's refresh stops, the
 * event store and the database close. The SQL event store closes its database itself; KurrentDB's client is the
 * store's own, and the SQL database (sessions, read models) closes after it.
 */
export async function closeStorage(app: INestApplicationContext): Promise<void> {
  app.get<PlatformClock>(PLATFORM_CLOCK).stop();
  const store = app.get<EventStore>(EVENT_STORE);
  const db = app.get<SqlDatabase>(SQL_DATABASE);
  await store.close();
  if (!store.sharesDatabase?.(db)) await db.close();
}
