import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { freePort } from '@peps/testing';
import { BENCH_TOKEN } from './tier-app.js';

/**
 * bench/http-tier: NestJS on Express (the platform's stack: body parsers, cookie-parser, helmet, validation pipe)
 * against NestJS on Fastify (@fastify/cookie, @fastify/helmet, Nest's own JSON and form parsers, the same pipe), on the same three
 * requests, each beside a bare node:http server measured in the same round. Rounds alternate the order so that drift
 * in a shared machine's speed does not favour one side. Usage: node dist/bench/http-tier/run.js [--seconds 5]
 * [--rounds 2] [--clients 32]
 */
const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const seconds = argument('seconds', 5);
const rounds = argument('rounds', 2);
const clients = argument('clients', 32);
const agent = new Agent({ keepAlive: true, maxSockets: clients });
const serverScript = fileURLToPath(new URL('./tier-server.js', import.meta.url));

type Kind = 'bare' | 'express' | 'fastify';
interface Probe {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  expected: number;
}
const echo = Buffer.from(JSON.stringify({ name: 'Dupont' }));
const probes: Probe[] = [
  { name: 'static asset (200, from memory)', method: 'GET', path: '/assets/app.css', headers: {}, expected: 200 },
  { name: 'authenticated JSON read', method: 'GET', path: '/api/services', headers: { authorization: `Bearer ${BENCH_TOKEN}` }, expected: 200 },
  { name: 'validated JSON body', method: 'POST', path: '/api/echo', headers: { 'content-type': 'application/json', 'content-length': String(echo.length) }, body: echo, expected: 200 },
];

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function call(port: number, probe: Probe): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method: probe.method, path: probe.path, headers: probe.headers, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(probe.body);
  });
}

async function start(kind: Kind): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [serverScript, kind, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { port, child };
}

/** `clients` closed loops for `seconds`: requests per second and the server's CPU per request. */
async function measure(kind: Kind, probe: Probe) {
  const { port, child } = await start(kind);
  try {
    const warmUntil = Date.now() + 1_000;
    while (Date.now() < warmUntil) await call(port, probe);
    const cpuBefore = cpuMs(child.pid!);
    const deadline = Date.now() + seconds * 1_000;
    const started = performance.now();
    let ok = 0;
    let wrong = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (Date.now() < deadline) {
          const status = await call(port, probe);
          if (kind === 'bare' || status === probe.expected) ok += 1;
          else wrong += 1;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1_000;
    if (wrong > 0) throw new Error(`${kind} ${probe.path}: ${wrong} unexpected statuses`);
    return { rate: ok / elapsed, cpuPerRequest: (cpuMs(child.pid!) - cpuBefore) / ok };
  } finally {
    child.kill('SIGKILL');
  }
}

const results: Record<string, Record<Kind, { rate: number; cpuPerRequest: number }[]>> = {};
for (let round = 0; round < rounds; round += 1) {
  const order: Kind[] = round % 2 === 0 ? ['bare', 'express', 'fastify'] : ['bare', 'fastify', 'express'];
  for (const probe of probes) {
    results[probe.name] ??= { bare: [], express: [], fastify: [] };
    for (const kind of order) results[probe.name][kind].push(await measure(kind, probe));
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`bench/http-tier: ${clients} clients, ${seconds} s per measure, ${rounds} rounds (ratios to bare node:http in the same run)`);
for (const [name, byKind] of Object.entries(results)) {
  const bare = mean(byKind.bare.map((r) => r.rate));
  console.log(`\n  ${name}`);
  for (const kind of ['bare', 'express', 'fastify'] as Kind[]) {
    const rate = mean(byKind[kind].map((r) => r.rate));
    const cpu = mean(byKind[kind].map((r) => r.cpuPerRequest));
    console.log(`    ${kind.padEnd(8)} ${rate.toFixed(0).padStart(7)} req/s  ratio ${(rate / bare).toFixed(2)}  ${cpu.toFixed(3)} ms CPU/request`);
  }
  const express = mean(byKind.express.map((r) => r.rate));
  const fastify = mean(byKind.fastify.map((r) => r.rate));
  console.log(`    fastify / express: ${(fastify / express).toFixed(2)}`);
}
agent.destroy();
