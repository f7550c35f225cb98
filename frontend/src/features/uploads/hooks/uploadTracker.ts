import type { Client } from 'urql';

import { useFragment as unmask } from '../../../gql';
import type { UploadsFileFieldsFragment } from '../../../gql/graphql';
import { UploadsFileFieldsFragment as FileFields, UploadsFileProgressSubscription, UploadsFileQuery, UploadsMembersQuery } from '../api/uploads';
import { readLocation, type FailureLocation } from '../components/fileMessages';
import { sendUpload, type Sender } from './sendUpload';

/** Where one upload stands. `refused`: the upload itself was refused (nothing stored). */
export type Stage = 'queued' | 'sending' | 'uploaded' | 'processing' | 'processed' | 'failed' | 'refused';

export interface Problem {
  code: string;
  location: FailureLocation;
}

export interface MemberProblem extends Problem {
  id: string;
  name: string;
  severity: 'failure' | 'warning';
}

export interface TrackedUpload {
  key: string;
  name: string;
  size: number;
  sentBytes: number;
  stage: Stage;
  fileId: string | null;
  kind: string | null;
  duplicate: boolean;
  members: number;
  membersDone: number;
  documents: number;
  transactions: number;
  errors: number;
  /** The file's own failure, or why the upload was refused. */
  failure: Problem | null;
  warnings: Problem[];
  memberProblems: MemberProblem[];
  /** How the last change arrived: the websocket, or the polling fallback. */
  via: 'live' | 'polling';
  /** Terminal and read in full (failure, warnings, members). */
  done: boolean;
}

export interface UploadNotifier {
  started(row: TrackedUpload): void;
  changed(row: TrackedUpload): void;
}

interface Options {
  send?: Sender;
  notifier?: UploadNotifier;
  /** How often the fallback looks (ms). */
  pollMs?: number;
  /** A file with no live event for this long is read by polling (ms). */
  quietMs?: number;
  concurrency?: number;
  now?: () => number;
}

const TERMINAL = new Set(['processed', 'failed']);
const STAGES = new Set<string>(['uploaded', 'processing', 'processed', 'failed']);

export function isTerminal(stage: Stage): boolean {
  return stage === 'processed' || stage === 'failed' || stage === 'refused';
}

function stageOf(status: string): Stage {
  return STAGES.has(status) ? (status as Stage) : 'processing';
}

interface Internal {
  row: TrackedUpload;
  file: File | null;
  lastEventAt: number;
  memberStatus: Map<string, string>;
  finalizing: boolean;
}

let counter = 0;

/**
 * Follows uploads from the first byte to their terminal state, outside React (so the
 * rows and their notifications survive navigating away): sends each file (a few at a
 * time), then listens to `fileProgress` over the websocket, counting archive members as
 * they end, and polls `file(id)` for any file the socket has been quiet about (a dropped
 * connection, an event missed while subscribing). At the end it reads the file once more
 * for its failure, warnings and the members that failed or warned.
 */
export class UploadTracker {
  private items: Internal[] = [];
  private snapshot: readonly TrackedUpload[] = [];
  private listeners = new Set<() => void>();
  private subscription: { unsubscribe: () => void } | null = null;
  private socketDown = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly send: Sender;
  private readonly notifier: UploadNotifier | undefined;
  private readonly pollMs: number;
  private readonly quietMs: number;
  private readonly concurrency: number;
  private readonly now: () => number;

  constructor(private readonly client: Client, options: Options = {}) {
    this.send = options.send ?? sendUpload;
    this.notifier = options.notifier;
    this.pollMs = options.pollMs ?? 2000;
    this.quietMs = options.quietMs ?? 4000;
    this.concurrency = options.concurrency ?? 3;
    this.now = options.now ?? Date.now;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): readonly TrackedUpload[] => this.snapshot;

  /** Queue files for upload (newest first in the list). */
  add(files: readonly File[]): void {
    for (const file of files) {
      counter += 1;
      const row: TrackedUpload = {
        key: `u${counter}-${file.name}`,
        name: file.name,
        size: file.size,
        sentBytes: 0,
        stage: 'queued',
        fileId: null,
        kind: null,
        duplicate: false,
        members: 0,
        membersDone: 0,
        documents: 0,
        transactions: 0,
        errors: 0,
        failure: null,
        warnings: [],
        memberProblems: [],
        via: 'live',
        done: false,
      };
      this.items.unshift({ row, file, lastEventAt: this.now(), memberStatus: new Map(), finalizing: false });
      this.notifier?.started(row);
    }
    this.ensureListening();
    this.emit();
    this.pump();
  }

  /** Follow a file already on the server (a reprocess), as a new row. */
  follow(file: UploadsFileFieldsFragment): void {
    counter += 1;
    const row: TrackedUpload = {
      key: `f${counter}-${file.id}`,
      name: file.name,
      size: file.sizeBytes,
      sentBytes: file.sizeBytes,
      stage: stageOf(file.status),
      fileId: file.id,
      kind: file.kind,
      duplicate: false,
      members: 0,
      membersDone: 0,
      documents: 0,
      transactions: 0,
      errors: 0,
      failure: null,
      warnings: [],
      memberProblems: [],
      via: 'live',
      done: false,
    };
    this.items.unshift({ row, file: null, lastEventAt: this.now(), memberStatus: new Map(), finalizing: false });
    this.notifier?.started(row);
    this.ensureListening();
    this.emit();
  }

  /** Forget the rows that ended. */
  clearFinished(): void {
    this.items = this.items.filter((item) => !(isTerminal(item.row.stage) && (item.row.done || item.row.stage === 'refused')));
    this.emit();
  }

  dispose(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  /** One fileProgress event (exposed for tests). */
  handleEvent(event: { fileId: string; parentId: string | null; status: string; members: number; documents: number; transactions: number; errors: number; errorCode: string | null }): void {
    const now = this.now();
    for (const item of this.items) {
      if (item.row.fileId === event.fileId) {
        item.lastEventAt = now;
        this.patch(item, {
          stage: stageOf(event.status),
          members: event.members,
          documents: event.documents,
          transactions: event.transactions,
          errors: event.errors,
          via: 'live',
        });
      } else if (event.parentId && item.row.fileId === event.parentId) {
        item.lastEventAt = now;
        item.memberStatus.set(event.fileId, event.status);
        const done = [...item.memberStatus.values()].filter((s) => TERMINAL.has(s)).length;
        this.patch(item, { membersDone: done, via: 'live' });
      }
    }
  }

  /** The polling fallback's look at every quiet, unfinished file (exposed for tests). */
  async poll(): Promise<void> {
    const now = this.now();
    const quiet = this.items.filter(
      (item) => item.row.fileId && !isTerminal(item.row.stage) && (this.socketDown || now - item.lastEventAt >= this.quietMs),
    );
    await Promise.all(
      quiet.map(async (item) => {
        const result = await this.client.query(UploadsFileQuery, { id: item.row.fileId ?? '' }, { requestPolicy: 'network-only' }).toPromise();
        const file = result.data?.file ? unmask(FileFields, result.data.file) : null;
        item.lastEventAt = this.now();
        if (!file) return;
        const changed = file.status !== item.row.stage || file.documents !== item.row.documents || file.members !== item.row.members;
        this.applyFile(item, file, changed ? 'polling' : item.row.via);
      }),
    );
    this.stopWhenIdle();
  }

  private emit(): void {
    this.snapshot = this.items.map((item) => item.row);
    for (const listener of this.listeners) listener();
  }

  private patch(item: Internal, change: Partial<TrackedUpload>): void {
    const before = item.row;
    item.row = { ...before, ...change };
    if (item.row.members && item.row.membersDone > item.row.members) item.row.membersDone = item.row.members;
    this.emit();
    if (TERMINAL.has(item.row.stage) && !item.row.done) void this.finalize(item);
    else if (before.stage !== item.row.stage) this.notifier?.changed(item.row);
  }

  private applyFile(item: Internal, file: UploadsFileFieldsFragment, via: 'live' | 'polling'): void {
    this.patch(item, {
      fileId: file.id,
      kind: file.kind,
      stage: stageOf(file.status),
      members: file.members,
      documents: file.documents,
      transactions: file.transactions,
      errors: file.errors,
      via,
    });
  }

  private pump(): void {
    const sending = this.items.filter((item) => item.row.stage === 'sending').length;
    const queued = this.items.filter((item) => item.row.stage === 'queued').reverse();
    for (const item of queued.slice(0, Math.max(0, this.concurrency - sending))) void this.upload(item);
  }

  private async upload(item: Internal): Promise<void> {
    const file = item.file;
    if (!file) return;
    this.patch(item, { stage: 'sending' });
    const result = await this.send(file, (sentBytes) => {
      if (sentBytes !== item.row.sentBytes) this.patch(item, { sentBytes: Math.min(sentBytes, file.size) });
    });
    item.file = null;
    item.lastEventAt = this.now();
    if (result.ok) {
      this.patch(item, { duplicate: result.duplicate, sentBytes: file.size });
      this.applyFile(item, result.file, 'live');
    } else {
      this.patch(item, { stage: 'refused', failure: { code: result.code, location: {} }, done: true });
      this.notifier?.changed(item.row);
    }
    this.pump();
    this.stopWhenIdle();
  }

  private async finalize(item: Internal): Promise<void> {
    if (item.finalizing || !item.row.fileId) return;
    item.finalizing = true;
    const id = item.row.fileId;
    const [own, members] = await Promise.all([
      this.client.query(UploadsFileQuery, { id }, { requestPolicy: 'network-only' }).toPromise(),
      item.row.members > 0 || item.row.kind === 'zip'
        ? this.client.query(UploadsMembersQuery, { parentId: id }, { requestPolicy: 'network-only' }).toPromise()
        : Promise.resolve(null),
    ]);
    const file = own.data?.file ? unmask(FileFields, own.data.file) : null;
    const memberFiles = (members?.data?.files.edges ?? []).map((edge) => unmask(FileFields, edge.node));
    const problems: MemberProblem[] = [];
    for (const member of memberFiles) {
      if (member.failure) {
        problems.push({ id: member.id, name: member.name, severity: 'failure', code: member.failure.code, location: readLocation(member.failure.location) });
      }
      for (const warning of member.warnings) {
        problems.push({ id: member.id, name: member.name, severity: 'warning', code: warning.code, location: readLocation(warning.details) });
      }
    }
    const change: Partial<TrackedUpload> = { done: true, memberProblems: problems };
    if (file) {
      change.stage = stageOf(file.status);
      change.members = file.members;
      change.documents = file.documents;
      change.transactions = file.transactions;
      change.errors = file.errors;
      change.failure = file.failure ? { code: file.failure.code, location: readLocation(file.failure.location) } : null;
      change.warnings = file.warnings.map((w) => ({ code: w.code, location: readLocation(w.details) }));
    }
    if (file?.members) change.membersDone = file.members;
    item.row = { ...item.row, ...change };
    item.finalizing = false;
    this.emit();
    this.notifier?.changed(item.row);
    this.stopWhenIdle();
  }

  private ensureListening(): void {
    if (!this.subscription) {
      this.socketDown = false;
      this.subscription = this.client.subscription(UploadsFileProgressSubscription, {}).subscribe((result) => {
        if (result.error) {
          // The socket failed: poll until a new subscription delivers again.
          this.socketDown = true;
          this.subscription?.unsubscribe();
          this.subscription = null;
          return;
        }
        const event = result.data?.fileProgress;
        if (event) {
          this.socketDown = false;
          this.handleEvent(event);
        }
      });
    }
    if (!this.timer) {
      this.timer = setInterval(() => {
        if (!this.subscription) this.ensureListening();
        void this.poll();
      }, this.pollMs);
    }
  }

  private stopWhenIdle(): void {
    const active = this.items.some((item) => !isTerminal(item.row.stage) || (item.row.fileId && !item.row.done));
    if (active) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.subscription?.unsubscribe();
    this.subscription = null;
  }
}

let current: { client: Client; tracker: UploadTracker } | null = null;

/** One tracker per API client (a new client per sign-in and organization). */
export function trackerFor(client: Client, notifier?: UploadNotifier): UploadTracker {
  if (current?.client !== client) {
    current?.tracker.dispose();
    current = { client, tracker: new UploadTracker(client, { notifier }) };
  }
  return current.tracker;
}
