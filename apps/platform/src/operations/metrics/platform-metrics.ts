import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How a sign-in ended: a session, a refusal (wrong identifier or password, locked account), or a second factor due. */
export type SignInOutcome = 'signed-in' | 'refused' | 'second-factor-asked' | 'error';

/** How an append to the event store ended. */
export type AppendOutcome = 'appended' | 'already-appended' | 'conflict' | 'error';

/** Seconds: from a cached file (well under a millisecond) to a sign-in (150 ms floor) and a slow query. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10];
const APPEND_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/**
 * The platform's Prometheus metrics, on a registry of its own (one per platform instance: tests start several in
 * one process). Counters and histograms are fed as things happen; the gauges of the background work (lags, queue,
 * deliveries) are set by MetricsCollection just before each scrape.
 */
@Injectable()
export class PlatformMetrics {
  readonly registry = new Registry();

  private readonly httpDuration = this.histogram('peps_http_request_duration_seconds', 'HTTP requests by method, route pattern (never the raw path) and status', ['method', 'route', 'status'], HTTP_BUCKETS);
  private readonly httpInFlight = this.gauge('peps_http_requests_in_flight', 'HTTP requests being answered', []);
  private readonly appendDuration = this.histogram('peps_event_store_append_duration_seconds', 'Appends of the commands to the event store, by outcome', ['outcome'], APPEND_BUCKETS);
  private readonly appendedEvents = this.counter('peps_event_store_appended_events_total', 'Events the commands appended to the event store', []);
  private readonly signIns = this.counter('peps_sign_ins_total', 'Sign-ins with identifier and password, by outcome', ['outcome']);
  readonly projectionLag = this.gauge('peps_projection_lag_events', 'Events of the log not yet applied, by projection (where the projections run)', ['projection']);
  readonly processManagerLag = this.gauge('peps_process_manager_lag_events', 'Events not yet planned plus effects waiting, by process manager (where it runs)', ['manager']);
  readonly checkOk = this.gauge('peps_health_check_ok', 'Checks of /api/health: 1 ok, 0 failing (projection with failing events, manager behind or with failed effects)', ['check']);
  readonly effectQueueDepth = this.gauge('peps_effect_queue_depth', 'Effects waiting (due or to retry) by process manager, counted up to 100,000', ['manager']);
  readonly deliveries = this.gauge('peps_deliveries', 'Deliveries (mails, letters) in trouble, by outcome: retrying (waiting after an error), failed (given up); counted up to 100,000', ['manager', 'outcome']);
  readonly collectionErrors = this.counter('peps_metrics_collection_errors_total', 'Scrape-time collections (database, health checks) that failed', ['source']);

  constructor() {
    // CPU, memory, event loop delay, GC: the process's own figures.
    collectDefaultMetrics({ register: this.registry });
    for (const outcome of ['signed-in', 'refused', 'second-factor-asked'] as const) this.signIns.inc({ outcome }, 0);
  }

  requestStarted(): void {
    this.httpInFlight.inc();
  }

  requestEnded(method: string, route: string, status: number, seconds: number): void {
    this.httpInFlight.dec();
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  appended(outcome: AppendOutcome, seconds: number, events: number): void {
    this.appendDuration.observe({ outcome }, seconds);
    if (outcome === 'appended') this.appendedEvents.inc(events);
  }

  signIn(outcome: SignInOutcome): void {
    this.signIns.inc({ outcome });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  // One registry per instance: every metric is made on it.
  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}
