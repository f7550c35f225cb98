import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Button, Card, Grid, Group, ScrollArea, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useClient, useMutation, useQuery } from 'urql';

import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { useHotkeys, type Hotkey } from '../../../shared/hotkeys/hotkeys';
import {
  ReviewAcceptManyMutation,
  ReviewAcceptMutation,
  ReviewAnyQuery,
  ReviewBandIdsQuery,
  ReviewBandsQuery,
  ReviewCompaniesQuery,
  ReviewMatchesQuery,
  ReviewMatchManuallyMutation,
  ReviewQueueQuery,
  ReviewRejectMutation,
  ReviewUndoBatchMutation,
  ReviewUndoDecisionMutation,
  ReviewUnmatchMutation,
} from '../api/review';
import { BulkDialog, type BulkOutcome } from '../components/BulkDialog';
import { CandidatesDialog, type ManualMatch } from '../components/CandidatesDialog';
import { HelpDialog } from '../components/HelpDialog';
import { HistoryDrawer } from '../components/HistoryDrawer';
import { KeyHint } from '../components/KeyHint';
import { QueueList } from '../components/QueueList';
import { ReasonDialog } from '../components/ReasonDialog';
import { ReviewFilters } from '../components/ReviewFilters';
import { ReviewDone, ReviewEmpty, ReviewError, ReviewLoading, ReviewNoResults } from '../components/ReviewStates';
import { SuggestionDetail } from '../components/SuggestionDetail';
import { useReviewHistory, type HistoryEntry } from '../hooks/useReviewHistory';
import { useReviewLive } from '../hooks/useReviewLive';
import { useReviewSearch } from '../hooks/useReviewSearch';
import { chunks } from '../lib/bands';
import { reviewMessage } from '../lib/errors';
import { REVIEW_KEYMAP, type ReviewCommand } from '../lib/keymap';
import { moveSelection, nextAfter } from '../lib/selection';
import { DEFAULT_REVIEW_SEARCH, hasReviewFilters, reviewPaths, toReviewFilter, type ReviewDialog } from '../routes';

const PAGE = 50;

/** The review queue: the accountants' screen (queue left, the selected suggestion right, keyboard first). */
export function ReviewView() {
  const { t, i18n } = useLingui();
  const client = useClient();
  const [search, update] = useReviewSearch();
  const filter = useMemo(() => toReviewFilter(search), [search]);
  const matchedView = search.view === 'matched';
  const listVariables = useMemo(() => ({ filter, first: PAGE, after: search.after }), [filter, search.after]);
  const [queue, reexecuteQueue] = useQuery({ query: ReviewQueueQuery, variables: listVariables, pause: matchedView });
  const [matches, reexecuteMatches] = useQuery({ query: ReviewMatchesQuery, variables: listVariables, pause: !matchedView });
  const [{ data: any }] = useQuery({ query: ReviewAnyQuery });
  const [{ data: companies }] = useQuery({ query: ReviewCompaniesQuery });
  const [bands, reexecuteBands] = useQuery({ query: ReviewBandsQuery, variables: { filter }, pause: search.dialog !== 'bulk' });
  const [, accept] = useMutation(ReviewAcceptMutation);
  const [, reject] = useMutation(ReviewRejectMutation);
  const [, matchManually] = useMutation(ReviewMatchManuallyMutation);
  const [, unmatch] = useMutation(ReviewUnmatchMutation);
  const [, undoDecision] = useMutation(ReviewUndoDecisionMutation);
  const [, undoBatch] = useMutation(ReviewUndoBatchMutation);
  const [, acceptMany] = useMutation(ReviewAcceptManyMutation);
  const history = useReviewHistory();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);
  const [lastIndex, setLastIndex] = useState(0);

  const active = matchedView ? matches : queue;
  const connection = matchedView ? matches.data?.reconciliations : queue.data?.reviewQueue;
  const refetch = useCallback(() => {
    const reexecute = matchedView ? reexecuteMatches : reexecuteQueue;
    reexecute({ requestPolicy: 'network-only' });
  }, [matchedView, reexecuteMatches, reexecuteQueue]);
  useReviewLive(refetch);

  const nodes = useMemo(() => (connection?.edges ?? []).map((e) => e.node).filter((n) => !hidden.has(n.id)), [connection, hidden]);
  const ids = useMemo(() => nodes.map((n) => n.id), [nodes]);
  // The selected item: the URL's when it is shown, else the one at the same place (it was decided elsewhere).
  const selectedId = ids.includes(search.item) ? search.item : (ids[Math.min(lastIndex, ids.length - 1)] ?? null);
  const selected = nodes.find((n) => n.id === selectedId) ?? null;
  const selectedIndex = selectedId ? ids.indexOf(selectedId) : -1;
  if (selectedIndex >= 0 && selectedIndex !== lastIndex) setLastIndex(selectedIndex);

  const select = useCallback((id: string | null) => update({ item: id ?? '' }), [update]);
  const openDialog = useCallback((dialog: ReviewDialog | null) => update({ dialog }), [update]);
  // Focus goes back to the queue after each decision (also when a dialog unmounts under it).
  const notify = useCallback(
    (options: Parameters<typeof notifications.show>[0]) => notifications.show({ closeButtonProps: { 'aria-label': t`Fechar` }, ...options }),
    [t],
  );
  const focusList = useCallback(() => {
    const focus = () => {
      const active = document.activeElement;
      const elsewhere = active && active !== document.body && !listRef.current?.contains(active) && active.closest('[role=dialog],input,textarea');
      if (!document.querySelector('[role=dialog]') && !elsewhere) listRef.current?.focus();
    };
    // Retried for a second: a closing dialog gives the focus back on its own schedule.
    for (const ms of [0, 100, 250, 400, 600, 800, 1000]) setTimeout(focus, ms);
  }, []);

  const fail = useCallback(
    (code: string | null) => notify({ color: 'red', title: t`Não foi possível`, message: i18n._(reviewMessage(code)) }),
    [i18n, t, notify],
  );
  const labelOf = useCallback(
    (id: string) => {
      const position = ids.indexOf(id) + 1;
      return t`Item ${position} da fila`;
    },
    [ids, t],
  );

  /** Optimistic: the item leaves the list and the next one is shown at once; back on error. */
  const decide = useCallback(
    async (kind: 'accept' | 'reject', id: string, reason: string | null = null) => {
      const next = nextAfter(ids, id);
      setHidden((h) => new Set(h).add(id));
      update({ item: next ?? '', dialog: null });
      focusList();
      const result = kind === 'accept' ? await accept({ id }) : await reject({ id, reason });
      const payload = result.data && ('acceptSuggestion' in result.data ? result.data.acceptSuggestion : result.data.rejectSuggestion);
      if (result.error || !payload || payload.__typename !== 'ReconciliationSuccess') {
        setHidden((h) => {
          const copy = new Set(h);
          copy.delete(id);
          return copy;
        });
        update({ item: id });
        fail(result.error ? errorCode(result.error) : payload && 'code' in payload ? payload.code : null);
        return;
      }
      history.push({ kind, reconciliationId: id, label: labelOf(id) });
    },
    [accept, reject, ids, update, focusList, fail, history, labelOf],
  );

  const undo = useCallback(
    async (entry: HistoryEntry | null) => {
      if (!entry) {
        notify({ message: t`Nada para desfazer.` });
        return;
      }
      setBusy(true);
      let code: string | null = null;
      if (entry.batchIds) {
        for (const batchId of entry.batchIds) {
          const result = await undoBatch({ batchId });
          const payload = result.data?.undoBatch;
          if (result.error) code = errorCode(result.error);
          else if (payload && payload.__typename !== 'BulkDecisionSuccess') code = payload.code;
        }
      } else if (entry.reconciliationId) {
        const result = await undoDecision({ id: entry.reconciliationId });
        const payload = result.data?.undoDecision;
        if (result.error) code = errorCode(result.error);
        else if (payload && payload.__typename !== 'UndoDecisionSuccess') code = payload.code;
      }
      setBusy(false);
      if (code) {
        fail(code);
        if (code === 'NOTHING_TO_UNDO' || code === 'CHANGED_SINCE') history.markUndone(entry.key);
        return;
      }
      history.markUndone(entry.key);
      if (entry.reconciliationId) {
        const id = entry.reconciliationId;
        setHidden((h) => {
          const copy = new Set(h);
          copy.delete(id);
          return copy;
        });
        if (entry.kind !== 'match') update({ item: id });
      }
      refetch();
      focusList();
      notify({ color: 'teal', message: t`Decisão desfeita.` });
    },
    [undoBatch, undoDecision, fail, history, update, refetch, focusList, t, notify],
  );

  const onMatch = useCallback(
    async (match: ManualMatch): Promise<string | null> => {
      const result = await matchManually({
        input: { installmentIds: match.installments.map((p) => p.id), transactionIds: match.transactions.map((p) => p.id), reason: match.reason },
      });
      const payload = result.data?.matchManually;
      if (result.error) return i18n._(messageForCode(errorCode(result.error)));
      if (!payload) return i18n._(messageForCode(null));
      if (payload.__typename === 'ValidationError') {
        return i18n._(reviewMessage(payload.fields.some((f) => f.field === 'reason') ? 'REASON_REQUIRED' : 'INVALID'));
      }
      if (payload.__typename !== 'ReconciliationSuccess') return i18n._(reviewMessage(payload.code));
      const previous = selectedId;
      history.push({ kind: 'match', reconciliationId: payload.reconciliation.id, label: match.installments.map((p) => p.label).join(', ') });
      if (previous) setHidden((h) => new Set(h).add(previous));
      update({ dialog: null, item: previous ? (nextAfter(ids, previous) ?? '') : '' });
      refetch();
      focusList();
      notify({ color: 'teal', message: t`Conciliado manualmente.` });
      return null;
    },
    [matchManually, i18n, history, selectedId, ids, update, refetch, focusList, t, notify],
  );

  const onUnmatch = useCallback(
    async (reason: string | null) => {
      if (!selectedId) return;
      const id = selectedId;
      const result = await unmatch({ id, reason });
      const payload = result.data?.unmatch;
      if (result.error || !payload || payload.__typename !== 'ReconciliationSuccess') {
        fail(result.error ? errorCode(result.error) : payload && 'code' in payload ? payload.code : null);
        return;
      }
      history.push({ kind: 'unmatch', reconciliationId: id, label: labelOf(id) });
      setHidden((h) => new Set(h).add(id));
      update({ dialog: null, item: nextAfter(ids, id) ?? '' });
      focusList();
    },
    [selectedId, unmatch, fail, history, labelOf, update, ids, focusList],
  );

  const onBulk = useCallback(
    async (minScore: string, onProgress: (done: number) => void): Promise<BulkOutcome> => {
      const bandFilter = { ...(toReviewFilter(search) ?? {}), scoreMin: minScore };
      const collected: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 200; page += 1) {
        const result = await client.query(ReviewBandIdsQuery, { filter: bandFilter, after }, { requestPolicy: 'network-only' }).toPromise();
        if (result.error || !result.data) return { decided: 0, skipped: [], batchIds: [], error: result.error ? errorCode(result.error) : null };
        collected.push(...result.data.reviewQueue.edges.map((e) => e.node.id));
        if (!result.data.reviewQueue.pageInfo.hasNextPage) break;
        after = result.data.reviewQueue.pageInfo.endCursor ?? null;
      }
      const outcome: BulkOutcome = { decided: 0, skipped: [], batchIds: [], error: null };
      for (const part of chunks(collected, 500)) {
        const result = await acceptMany({ ids: part });
        const payload = result.data?.acceptSuggestions;
        if (result.error || !payload || payload.__typename !== 'BulkDecisionSuccess') {
          outcome.error = result.error ? errorCode(result.error) : payload && 'code' in payload ? payload.code : null;
          break;
        }
        outcome.decided += payload.decided.length;
        outcome.skipped.push(...payload.skipped);
        outcome.batchIds.push(payload.batchId);
        onProgress(outcome.decided);
      }
      if (outcome.batchIds.length) {
        const label = plural(outcome.decided, { one: '# sugestão', other: '# sugestões' });
        history.push({ kind: 'bulk', batchIds: outcome.batchIds, count: outcome.decided, label });
      }
      refetch();
      reexecuteBands({ requestPolicy: 'network-only' });
      return outcome;
    },
    [search, client, acceptMany, history, refetch, reexecuteBands],
  );

  const run = useCallback(
    (command: ReviewCommand) => {
      switch (command) {
        case 'next':
        case 'previous':
          select(moveSelection(ids, selectedId, command === 'next' ? 1 : -1));
          focusList();
          return;
        case 'accept':
          if (selected?.status === 'SUGGESTED' && !busy) void decide('accept', selected.id);
          return;
        case 'reject':
          if (selected?.status === 'SUGGESTED') openDialog('reject');
          return;
        case 'skip':
          select(moveSelection(ids, selectedId, 1));
          focusList();
          return;
        case 'candidates':
        case 'search':
          if (selected?.status === 'SUGGESTED') openDialog('candidates');
          return;
        case 'unmatch':
          if (selected?.status === 'MATCHED') openDialog('unmatch');
          return;
        case 'undo':
          void undo(history.lastUndoable);
          return;
        case 'history':
          openDialog('history');
          return;
        case 'help':
          openDialog('help');
      }
    },
    [ids, selectedId, selected, busy, select, focusList, decide, openDialog, undo, history.lastUndoable],
  );

  // Enter is handled by the queue itself (so Enter on a focused button still presses that button).
  const hotkeys = useMemo<Hotkey[]>(
    () => REVIEW_KEYMAP.flatMap((b) => b.keys.filter((k) => k !== 'enter').map((key) => ({ key, run: () => run(b.command) }))),
    [run],
  );
  useHotkeys(hotkeys);
  const onListKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      run('accept');
    }
  };
  useEffect(() => {
    // Focus starts on the queue, so the keys work at once.
    if (connection && !document.activeElement?.closest('input,textarea,[role=dialog]')) listRef.current?.focus();
  }, [connection !== undefined]); // eslint-disable-line react-hooks/exhaustive-deps

  const closeDialog = () => {
    openDialog(null);
    focusList();
  };
  const count = connection ? plural(Math.max(0, connection.totalCount - hidden.size), { one: '# item', other: '# itens' }) : null;

  let body;
  if (active.error && !connection) {
    body = <ReviewError message={i18n._(messageForCode(errorCode(active.error)))} onRetry={refetch} />;
  } else if (!connection) {
    body = <ReviewLoading />;
  } else if (nodes.length === 0 && !connection.pageInfo.hasNextPage) {
    if (hasReviewFilters(search) || search.after) body = <ReviewNoResults onClear={() => update({ ...DEFAULT_REVIEW_SEARCH, view: search.view })} />;
    else if (matchedView || !any || any.reconciliations.totalCount === 0) body = <ReviewEmpty />;
    else body = <ReviewDone matchesLink={reviewPaths.index({ view: 'matched' })} />;
  } else {
    body = (
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder padding="xs">
            <Group justify="space-between" mb={4} px={4}>
              <Text size="sm" c="dimmed" aria-live="polite">{count}</Text>
              {active.fetching && <Text size="xs" c="dimmed" role="status"><Trans>Atualizando…</Trans></Text>}
            </Group>
            <ScrollArea.Autosize mah={{ base: 260, md: 'calc(100vh - 260px)' } as unknown as number}>
              <QueueList ref={listRef} items={nodes.map((n) => ({ id: n.id, ref: n }))} selectedId={selectedId} onSelect={(id) => select(id)} onKeyDown={onListKey} label={matchedView ? t`Conciliadas` : t`Fila de revisão`} />
            </ScrollArea.Autosize>
            <Group justify="space-between" mt="xs">
              {search.after ? <Button size="xs" variant="default" onClick={() => update({ after: null })}><Trans>Primeira página</Trans></Button> : <span />}
              {connection.pageInfo.hasNextPage && (
                <Button size="xs" variant="default" onClick={() => update({ after: connection.pageInfo.endCursor ?? null })}><Trans>Próxima página</Trans></Button>
              )}
            </Group>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {selected ? (
            <SuggestionDetail reconciliation={selected} onCommand={run} busy={busy} />
          ) : (
            <Text c="dimmed"><Trans>Escolha um item na fila.</Trans></Text>
          )}
        </Grid.Col>
      </Grid>
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={1} size="h2"><Trans>Revisão</Trans></Title>
        <Group gap="xs" wrap="wrap">
          <Button size="xs" variant="light" onClick={() => openDialog('bulk')} disabled={matchedView}><Trans>Aceitar em lote</Trans></Button>
          <Button size="xs" variant="default" onClick={() => void undo(history.lastUndoable)} disabled={!history.lastUndoable || busy} rightSection={<KeyHint command="undo" />}>
            <Trans>Desfazer</Trans>
          </Button>
          <Button size="xs" variant="default" onClick={() => openDialog('history')} rightSection={<KeyHint command="history" />}><Trans>Histórico</Trans></Button>
          <Button size="xs" variant="default" onClick={() => openDialog('help')} rightSection={<KeyHint command="help" />}><Trans>Atalhos</Trans></Button>
        </Group>
      </Group>
      <Group justify="space-between" wrap="wrap" align="flex-end" gap="xs">
        <SegmentedControl
          size="xs"
          value={search.view}
          onChange={(view) => update({ view: view as typeof search.view })}
          data={[
            { value: 'queue', label: t`Para revisar` },
            { value: 'matched', label: t`Conciliadas` },
          ]}
        />
        <ReviewFilters search={search} companies={companies?.companies ?? []} onChange={update} />
      </Group>
      {body}

      <ReasonDialog
        opened={search.dialog === 'reject' && !!selected}
        title={<Trans>Rejeitar a sugestão</Trans>}
        confirm={<Trans>Rejeitar</Trans>}
        onClose={closeDialog}
        onConfirm={(reason) => selected && void decide('reject', selected.id, reason)}
      />
      <ReasonDialog
        opened={search.dialog === 'unmatch' && !!selected}
        title={<Trans>Desconciliar</Trans>}
        confirm={<Trans>Desconciliar</Trans>}
        onClose={closeDialog}
        onConfirm={(reason) => void onUnmatch(reason)}
      />
      <CandidatesDialog
        key={selectedId ?? 'none'}
        opened={search.dialog === 'candidates' && !!selected}
        reconciliation={selected}
        tolerance={search.tolerance}
        days={search.days}
        text={search.text}
        onSearch={update}
        onClose={closeDialog}
        onMatch={onMatch}
      />
      <BulkDialog
        opened={search.dialog === 'bulk'}
        bands={bands.data?.reviewBands ?? null}
        bandsError={bands.error ? i18n._(messageForCode(errorCode(bands.error))) : null}
        onClose={closeDialog}
        onAccept={onBulk}
        onUndo={async (batchIds) => {
          const entry = history.entries.find((e) => e.batchIds?.join() === batchIds.join());
          await undo(entry ?? { key: 'bulk', kind: 'bulk', batchIds, label: '', at: '', undone: false });
        }}
      />
      <HistoryDrawer opened={search.dialog === 'history'} entries={history.entries} onClose={closeDialog} onUndo={(e) => void undo(e)} busy={busy} />
      <HelpDialog opened={search.dialog === 'help'} onClose={closeDialog} />
    </Stack>
  );
}
