import type { MessageDescriptor } from '@lingui/core';
import { DayInput } from '../../../shared/ui/DayInput';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, Button, Group, List, MultiSelect, Paper, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { useFragment } from '../../../gql';
import type { DecidedBy, ExportFormat, ExportKind, ReconciliationStatus } from '../../../gql/graphql';
import { formatMoney } from '../../../shared/format';
import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { downloadWithToken } from '../../../shared/http/download';
import { useLocale } from '../../../shared/i18n/useLocale';
import { ListEmpty, ListError, ListLoading } from '../../../shared/ui/states';
import { companyOptions } from '../../documents/components/DocumentsFilters';
import { STATUS_LABELS } from '../../documents/components/columns';
import { DECIDED_BY_LABELS, DIRECTION_LABELS, KIND_LABELS, OPEN_STATUS_LABELS, RECONCILIATION_STATUS_LABELS } from '../../documents/components/labels';
import { documentsPaths, hasFilters, toDocumentFilter, type DocumentsSearch } from '../../documents/routes';
import { ExportDocumentsMutation, ExportReconciliationsMutation, ExportsListQuery } from '../api/exports';
import { ExportsTable, ExportsTableFragment, isBuilding } from '../components/ExportsTable';
import {
  DECIDED_BY,
  downloadPath,
  EXPORT_KINDS,
  parseExportsSearch,
  RECONCILIATION_STATUSES,
  serializeExportsSearch,
  toReconciliationFilter,
  type ExportsSearch,
  type ReconciliationsExportSearch,
} from '../routes';

const POLL_MS = 1500;

const MUTATION_ERRORS: Record<string, MessageDescriptor> = {
  VALIDATION_ERROR: msg`Os filtros não são válidos (um intervalo ao contrário?).`,
  PERMISSION_DENIED: msg`Seu papel não pode exportar.`,
  RATE_LIMITED: msg`Muitas exportações seguidas. Aguarde um pouco.`,
  UNAVAILABLE: msg`A exportação não pôde ser iniciada. Tente de novo.`,
};

/** The documents filters in words, so people see what will be exported. */
function useDocumentFilterSummary(search: DocumentsSearch): string[] {
  const { t } = useLingui();
  const locale = useLocale();
  const parts: string[] = [];
  const { q, counterparty } = search;
  if (q) parts.push(t`Busca: ${q}`);
  if (counterparty) parts.push(t`Contraparte: ${counterparty}`);
  if (search.status.length) {
    const statuses = search.status.map((s) => t(STATUS_LABELS[s])).join(', ');
    parts.push(t`Situação: ${statuses}`);
  }
  if (search.kind.length) {
    const kinds = search.kind.map((k) => KIND_LABELS[k]).join(', ');
    parts.push(t`Tipo: ${kinds}`);
  }
  if (search.direction.length) {
    const directions = search.direction.map((d) => t(DIRECTION_LABELS[d])).join(', ');
    parts.push(t`Direção: ${directions}`);
  }
  if (search.open.length) {
    const open = search.open.map((o) => t(OPEN_STATUS_LABELS[o])).join(', ');
    parts.push(t`Parcelas: ${open}`);
  }
  if (search.issuedFrom || search.issuedTo) {
    const from = search.issuedFrom || '…';
    const to = search.issuedTo || '…';
    parts.push(t`Emissão: ${from} a ${to}`);
  }
  if (search.amountMin || search.amountMax) {
    const min = search.amountMin ? formatMoney(search.amountMin, locale) : '…';
    const max = search.amountMax ? formatMoney(search.amountMax, locale) : '…';
    parts.push(t`Valor: ${min} a ${max}`);
  }
  return parts;
}

export function ExportsView() {
  const { t, i18n } = useLingui();
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseExportsSearch(params), [params]);
  const update = (change: Partial<ExportsSearch>) => setParams(serializeExportsSearch({ ...search, ...change }), { replace: true });
  const updateRec = (change: Partial<ReconciliationsExportSearch>) => update({ reconciliations: { ...search.reconciliations, ...change } });

  const [{ data, error }, reexecute] = useQuery({ query: ExportsListQuery, variables: { first: 20 } });
  const [docState, exportDocuments] = useMutation(ExportDocumentsMutation);
  const [recState, exportReconciliations] = useMutation(ExportReconciliationsMutation);
  const [busy, setBusy] = useState<string | null>(null);
  const summary = useDocumentFilterSummary(search.documents);

  const edges = data?.exports.edges;
  const rows = useFragment(ExportsTableFragment, edges?.map((edge) => edge.node) ?? []);
  const building = rows.some((row) => isBuilding(row.status));
  // Poll while an export is being built; stop once every one is ready or failed.
  useEffect(() => {
    if (!building) return undefined;
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(timer);
  }, [building, reexecute]);

  async function start(format: ExportFormat) {
    const result =
      search.kind === 'DOCUMENTS'
        ? (await exportDocuments({ format, filter: toDocumentFilter(search.documents) })).data?.exportDocuments
        : (await exportReconciliations({ format, filter: toReconciliationFilter(search.reconciliations) })).data?.exportReconciliations;
    if (result?.__typename === 'ExportSuccess') {
      notifications.show({ closeButtonProps: { 'aria-label': t`Fechar aviso` }, color: 'teal', title: t`Exportação pedida`, message: t`O arquivo ${format} aparece abaixo quando estiver pronto.` });
      reexecute({ requestPolicy: 'network-only' });
      return;
    }
    const code = result && 'code' in result ? result.code : null;
    const known = code ? MUTATION_ERRORS[code] : undefined;
    notifications.show({ closeButtonProps: { 'aria-label': t`Fechar aviso` }, color: 'red', title: t`Não foi possível exportar`, message: i18n._(known ?? messageForCode(code)) });
  }

  async function download(row: { id: string; downloadUrl: string; name: string }) {
    setBusy(row.id);
    const outcome = await downloadWithToken(downloadPath(row.downloadUrl), row.name);
    setBusy(null);
    if (outcome === 'ok') return;
    const messages: Record<string, string> = {
      'not-ready': t`Ainda não está pronta.`,
      expired: t`A exportação expirou: peça de novo.`,
      'not-found': t`Exportação não encontrada.`,
    };
    notifications.show({ closeButtonProps: { 'aria-label': t`Fechar aviso` }, color: 'red', title: t`Não foi possível baixar`, message: messages[outcome] ?? t`Tente de novo em instantes.` });
  }

  const kindLabels: Record<ExportKind, string> = { DOCUMENTS: t`Documentos`, RECONCILIATIONS: t`Conciliações` };
  const starting = docState.fetching || recState.fetching;
  const companies = data?.companies ?? [];
  const rec = search.reconciliations;

  let list;
  if (error && !data) list = <ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  else if (!data) list = <ListLoading rows={3} />;
  else if (rows.length === 0) list = <ListEmpty title={<Trans>Nenhuma exportação ainda</Trans>}><Trans>Escolha o conteúdo e o formato acima.</Trans></ListEmpty>;
  else list = <ExportsTable exports={edges?.map((edge) => edge.node) ?? []} onDownload={(row) => void download(row)} busy={busy} />;

  return (
    <Stack gap="md">
      <Title order={1} size="h2"><Trans>Exportações</Trans></Title>
      <Paper p="md" withBorder component="section" aria-labelledby="new-export-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="new-export-title"><Trans>Nova exportação</Trans></Title>
          <Stack gap={4} align="flex-start">
            <Text size="sm" fw={500} id="export-kind-label"><Trans>Conteúdo</Trans></Text>
            <SegmentedControl
              aria-labelledby="export-kind-label"
              data={EXPORT_KINDS.map((value) => ({ value, label: kindLabels[value] }))}
              value={search.kind}
              onChange={(value) => update({ kind: value as ExportKind })}
            />
          </Stack>
          {search.kind === 'DOCUMENTS' ? (
            <Stack gap={4}>
              <Text size="sm">
                {hasFilters(search.documents) ? <Trans>Documentos com os filtros:</Trans> : <Trans>Todos os documentos (sem filtros).</Trans>}
              </Text>
              {summary.length > 0 && (
                <List size="sm">
                  {summary.map((part) => <List.Item key={part}>{part}</List.Item>)}
                </List>
              )}
              <Anchor component={Link} to={documentsPaths.list(search.documents)} size="sm">
                <Trans>Ajustar os filtros na lista de documentos</Trans>
              </Anchor>
            </Stack>
          ) : (
            <Group gap="sm" align="flex-start" wrap="wrap">
              <MultiSelect
                label={t`Situação`}
                data={RECONCILIATION_STATUSES.map((value) => ({ value, label: t(RECONCILIATION_STATUS_LABELS[value]) }))}
                value={rec.status}
                onChange={(value) => updateRec({ status: value as ReconciliationStatus[] })}
                clearable
                w={{ base: '100%', sm: 220 }}
              />
              <MultiSelect
                label={t`Decidido por`}
                data={DECIDED_BY.map((value) => ({ value, label: t(DECIDED_BY_LABELS[value]) }))}
                value={rec.decidedBy}
                onChange={(value) => updateRec({ decidedBy: value as DecidedBy[] })}
                clearable
                w={{ base: '100%', sm: 200 }}
              />
              <TextInput label={t`Contraparte`} value={rec.counterparty} onChange={(e) => updateRec({ counterparty: e.currentTarget.value })} w={{ base: '100%', sm: 200 }} />
              {companies.length > 1 && (
                <Select label={t`Empresa`} data={companyOptions(companies)} value={rec.company || null} onChange={(value) => updateRec({ company: value ?? '' })} clearable w={{ base: '100%', sm: 240 }} />
              )}
              <DayInput label={t`Criadas de`} value={rec.createdFrom} onChange={(day) => updateRec({ createdFrom: day })} w={{ base: '46%', sm: 160 }} />
              <DayInput label={t`Criadas até`} value={rec.createdTo} onChange={(day) => updateRec({ createdTo: day })} w={{ base: '46%', sm: 160 }} />
            </Group>
          )}
          <Group gap="sm">
            <Button onClick={() => void start('CSV')} loading={starting}><Trans>Exportar CSV</Trans></Button>
            <Button onClick={() => void start('XLSX')} loading={starting} variant="default"><Trans>Exportar XLSX</Trans></Button>
          </Group>
        </Stack>
      </Paper>
      <Stack gap="xs" component="section" aria-labelledby="exports-list-title">
        <Group justify="space-between">
          <Title order={2} size="h4" id="exports-list-title"><Trans>Pedidas</Trans></Title>
          {building && <Text size="xs" c="dimmed" role="status"><Trans>Gerando… a lista se atualiza sozinha.</Trans></Text>}
        </Group>
        {list}
      </Stack>
    </Stack>
  );
}
