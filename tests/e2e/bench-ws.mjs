// The WebSocket bench (`cargo xtask bench --ws` runs it): with the members `madani seed-sockets`
// printed (`<user id> <token>` lines, then `group <id>`), open one socket per member on the server at
// MADANI_BASE, measure the server's memory (process MADANI_PID) before and with every socket idle,
// then send 50 messages in the group of 100 and time each one from the send to its arrival on each
// member's socket. Prints one JSON line. Node 20: run with --experimental-websocket.

import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const [file] = process.argv.slice(2);
const base = process.env.MADANI_BASE;
const pid = process.env.MADANI_PID;
const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(' '));
const group = lines.find(([k]) => k === 'group')[1];
const members = lines.filter(([k]) => k !== 'group').map(([id, token]) => ({ id, token }));
const GROUP = 100;
const MESSAGES = 50;

const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const latencies = [];
const sentAt = new Map();

function open(member, index) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/ws`, ['madani.v1', `bearer.${member.token}`]);
    const timer = setTimeout(() => reject(new Error(`socket ${index} not ready`)), 30_000);
    socket.onmessage = (m) => {
      const event = JSON.parse(m.data);
      if (event.type === 'ready') {
        clearTimeout(timer);
        resolve(socket);
      } else if (index < GROUP && event.type === 'event' && event.kind === 'message.created') {
        const at = sentAt.get(event.message?.body);
        if (at !== undefined) latencies.push(performance.now() - at);
      }
    };
    socket.onerror = () => reject(new Error(`socket ${index} failed`));
  });
}

const before = rssMb();
const started = performance.now();
const sockets = [];
for (let i = 0; i < members.length; i += 100) {
  sockets.push(...(await Promise.all(members.slice(i, i + 100).map((m, j) => open(m, i + j)))));
}
const openSeconds = (performance.now() - started) / 1000;
await sleep(3000);
const idle = rssMb();

const sender = members[0];
for (let i = 0; i < MESSAGES; i++) {
  const body = `bench ${i}`;
  sentAt.set(body, performance.now());
  const r = await fetch(`${base}/api/v1/conversations/${group}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sender.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  });
  if (r.status !== 201) throw new Error(`send ${i}: ${r.status} ${await r.text()}`);
  await sleep(200);
}
const expected = MESSAGES * GROUP;
for (let waited = 0; latencies.length < expected && waited < 10_000; waited += 100) await sleep(100);
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
const busy = rssMb();
console.log(
  JSON.stringify({
    sockets: sockets.length,
    open_seconds: Number(openSeconds.toFixed(1)),
    rss_before_mb: Number(before.toFixed(1)),
    rss_idle_mb: Number(idle.toFixed(1)),
    kb_per_socket: Number((((idle - before) * 1024) / sockets.length).toFixed(1)),
    rss_after_fanout_mb: Number(busy.toFixed(1)),
    deliveries: latencies.length,
    expected,
    fanout_p50_ms: Number(at(0.5).toFixed(1)),
    fanout_p99_ms: Number(at(0.99).toFixed(1)),
    fanout_max_ms: Number(latencies[latencies.length - 1].toFixed(1)),
  }),
);
for (const s of sockets) s.close();
process.exit(0);
