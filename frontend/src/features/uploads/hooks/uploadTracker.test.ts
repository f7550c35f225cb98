import type { Client } from 'urql';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { UploadsFileFieldsFragment } from '../../../gql/graphql';
import type { Sender } from './sendUpload';
import { UploadTracker } from './uploadTracker';

function file(overrides: Partial<UploadsFileFieldsFragment> = {}): UploadsFileFieldsFragment {
  return {
    id: 'F1', parentId: null, name: 'lote.zip', kind: 'zip', sizeBytes: 10, status: 'uploaded', members: 0,
    documents: 0, transactions: 0, errors: 0, failure: null, warnings: [], createdAt: '2026-12-08T01:00:00Z', processedAt: null,
    ...overrides,
  };
}

/** A client whose subscription we push events into and whose queries answer from `server`. */
function fakeClient(server: { file: UploadsFileFieldsFragment; members: UploadsFileFieldsFragment[] }) {
  let push: ((result: unknown) => void) | null = null;
  const queries: string[] = [];
  const client = {
    subscription: () => ({
      subscribe: (cb: (result: unknown) => void) => {
        push = cb;
        return { unsubscribe: () => { push = null; } };
      },
    }),
    query: (document: { definitions: { name?: { value: string } }[] }) => {
      const name = document.definitions[0]?.name?.value ?? '';
      queries.push(name);
      const data = name === 'UploadsMembers'
        ? { files: { edges: server.members.map((node) => ({ node })) } }
        : { file: server.file };
      return { toPromise: () => Promise.resolve({ data }) };
    },
  } as unknown as Client;
  return { client, queries, push: (event: unknown) => push?.({ data: { fileProgress: event } }), error: () => push?.({ error: new Error('socket') }) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.useRealTimers());

describe('UploadTracker', () => {
  it('follows an archive from bytes to done through the subscription', async () => {
    const server = { file: file(), members: [] as UploadsFileFieldsFragment[] };
    const fake = fakeClient(server);
    let progress: (n: number) => void = () => {};
    let finish: (value: Awaited<ReturnType<Sender>>) => void = () => {};
    const send: Sender = (_f, onProgress) => {
      progress = onProgress;
      return new Promise((resolve) => { finish = resolve; });
    };
    const changes: string[] = [];
    const tracker = new UploadTracker(fake.client, { send, notifier: { started: () => {}, changed: (r) => changes.push(r.stage) }, pollMs: 60_000 });
    tracker.add([new File(['0123456789'], 'lote.zip')]);
    await flush();
    expect(tracker.getSnapshot()[0]?.stage).toBe('sending');
    progress(5);
    expect(tracker.getSnapshot()[0]?.sentBytes).toBe(5);
    finish({ ok: true, file: file(), duplicate: false });
    await flush();
    expect(tracker.getSnapshot()[0]).toMatchObject({ stage: 'uploaded', fileId: 'F1', sentBytes: 10 });

    const event = { fileId: 'F1', parentId: null, status: 'processing', members: 2, documents: 0, transactions: 0, errors: 0, errorCode: null };
    fake.push(event);
    fake.push({ ...event, fileId: 'M1', parentId: 'F1', status: 'processed', members: 0, documents: 1 });
    expect(tracker.getSnapshot()[0]).toMatchObject({ stage: 'processing', members: 2, membersDone: 1 });
    fake.push({ ...event, fileId: 'M2', parentId: 'F1', status: 'failed', members: 0, errors: 1, errorCode: 'MALFORMED_XML' });
    expect(tracker.getSnapshot()[0]?.membersDone).toBe(2);

    server.file = file({ status: 'processed', members: 2, documents: 1, errors: 1 });
    server.members = [
      file({ id: 'M1', parentId: 'F1', name: 'a.xml', kind: 'nfe', status: 'processed', warnings: [{ code: 'DOCUMENT_NOT_OF_COMPANY', message: 'x', details: {} }] }),
      file({ id: 'M2', parentId: 'F1', name: 'b.xml', kind: 'xml', status: 'failed', failure: { code: 'MALFORMED_XML', message: 'x', location: { member: 'b.xml', line: 4 } } }),
    ];
    fake.push({ ...event, status: 'processed', documents: 1, errors: 1 });
    await flush();
    const done = tracker.getSnapshot()[0];
    expect(done).toMatchObject({ stage: 'processed', done: true, documents: 1, errors: 1 });
    expect(done?.memberProblems).toEqual([
      { id: 'M1', name: 'a.xml', severity: 'warning', code: 'DOCUMENT_NOT_OF_COMPANY', location: {} },
      { id: 'M2', name: 'b.xml', severity: 'failure', code: 'MALFORMED_XML', location: { member: 'b.xml', line: 4 } },
    ]);
    expect(changes).toContain('processed');
    tracker.dispose();
  });

  it('polls file(id) when the socket fails, until a terminal state', async () => {
    const server = { file: file({ kind: 'ofx', name: 'extrato.ofx' }), members: [] };
    const fake = fakeClient(server);
    const send: Sender = () => Promise.resolve({ ok: true, file: file({ kind: 'ofx', name: 'extrato.ofx' }), duplicate: false });
    const tracker = new UploadTracker(fake.client, { send, pollMs: 60_000 });
    tracker.add([new File(['x'], 'extrato.ofx')]);
    await flush();
    fake.error();
    server.file = file({ kind: 'ofx', name: 'extrato.ofx', status: 'processed', transactions: 7 });
    await tracker.poll();
    await flush();
    expect(tracker.getSnapshot()[0]).toMatchObject({ stage: 'processed', transactions: 7, via: 'polling', done: true });
    expect(fake.queries.filter((q) => q === 'UploadsFile').length).toBeGreaterThanOrEqual(2);
    tracker.dispose();
  });

  it('marks a refused upload and a duplicate', async () => {
    const fake = fakeClient({ file: file({ status: 'processed', documents: 3 }), members: [] });
    const answers = [
      { ok: false as const, code: 'FILE_TOO_LARGE' },
      { ok: true as const, file: file({ status: 'processed', documents: 3, kind: 'nfe' }), duplicate: true },
    ];
    const send: Sender = () => Promise.resolve(answers.shift() ?? { ok: false, code: 'NETWORK' });
    const tracker = new UploadTracker(fake.client, { send, pollMs: 60_000, concurrency: 1 });
    tracker.add([new File(['a'], 'grande.zip'), new File(['b'], 'dup.xml')]);
    await flush();
    await flush();
    await flush();
    const [dup, big] = tracker.getSnapshot();
    expect(big).toMatchObject({ name: 'grande.zip', stage: 'refused', failure: { code: 'FILE_TOO_LARGE', location: {} } });
    expect(dup).toMatchObject({ name: 'dup.xml', duplicate: true, stage: 'processed', documents: 3, done: true });
    tracker.dispose();
  });
});
