// Item 4 of issue 16 as a user runs it: `npm start` (dist/main.js) with Slack over
// HTTP against the stand-in Slack. Validly signed `null` bodies are answered with an
// error; the process stays up and answers the next command.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, formBody, sendSigned, slashCommand } from '../fakes/slack.js';

const root = path.resolve(import.meta.dirname, '../..');
let slack: FakeSlack;
let child: ChildProcess;
let exitCode: number | null | undefined;
let stderr = '';
let events = '';

beforeAll(async () => {
  slack = await new FakeSlack().start();
  child = spawn(process.execPath, [path.join(root, 'dist/main.js')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, QUOTEBOT_WATCH: 'false', LOG_LEVEL: 'info', PORT: '0', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.on('exit', (code) => (exitCode = code));
  const until = Date.now() + 20_000;
  let port: number | undefined;
  while (port === undefined) {
    if (Date.now() > until || exitCode !== undefined) throw new Error(`bot did not start:\n${stderr}`);
    const m = /"port":(\d+)[^\n]*listening at \/slack\/events/.exec(stderr);
    if (m) port = Number(m[1]);
    else await new Promise((r) => setTimeout(r, 50));
  }
  events = `http://127.0.0.1:${port}/slack/events`;
});

afterAll(async () => {
  if (exitCode === undefined) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await slack?.close();
});

describe('npm start and a validly signed null body', () => {
  it('answers JSON null and payload=null with 400, logs them, stays up and answers the next command', async () => {
    expect((await sendSigned(events, 'null', { contentType: 'application/json' })).status).toBe(400);
    expect((await sendSigned(events, 'payload=null')).status).toBe(400);
    const r = await sendSigned(events, formBody(slashCommand('/sources', '', slack.responseUrl('after-null'))));
    expect(r.status).toBe(200);
    const p = await slack.waitFor(() => slack.postsTo('after-null')[0]);
    expect(JSON.stringify(p.body)).toContain('articles in the corpus');
    expect(exitCode).toBeUndefined();
    expect(stderr).toMatch(/refused a signed Slack request whose body is not an object/);
  });
});
