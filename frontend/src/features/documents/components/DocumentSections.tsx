import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Badge, Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

import { graphql, useFragment, type FragmentType } from '../../../gql';
import { formatTaxId } from '../../../shared/format';
import { AccessKey, Cnpj, DateCell, Money } from '../../../shared/ui/cells';
import { STATUS_LABELS } from './columns';
import { DIRECTION_LABELS, KIND_LABELS, OPEN_STATUS_COLORS, OPEN_STATUS_LABELS } from './labels';
import { ReconciliationHistory } from './ReconciliationHistory';

/** A titled block of the document page (a region named by its heading). */
export function Section({ id, title, children, actions }: { id: string; title: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <Paper p="md" withBorder component="section" aria-labelledby={`${id}-title`}>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id={`${id}-title`}>{title}</Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

export function Field({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">{label}</Text>
      <div>{children}</div>
    </Stack>
  );
}

const CANCELLATION = new Set(['110111', '110112']);
const CORRECTION = '110110';

export function isCancellation(event: { cancels: boolean; eventType: string }): boolean {
  return event.cancels || CANCELLATION.has(event.eventType);
}

// ---------------------------------------------------------------- header

export const DocumentHeaderFragment = graphql(`
  fragment DocumentHeader_document on Document {
    id
    kind
    layout
    number
    series
    accessKey
    issuedAt
    status
    direction
    total
    totals
    confidence
    createdAt
    emitter {
      ...DocumentParty_party
    }
    receiver {
      ...DocumentParty_party
    }
    company {
      id
      legalName
      cnpj
    }
    events {
      id
      cancels
      eventType
      occurredAt
    }
  }
`);

export const DocumentPartyFragment = graphql(`
  fragment DocumentParty_party on Party {
    document
    documentType
    name
    stateRegistration
    address {
      municipality
      uf
    }
  }
`);

function Party({ party }: { party: FragmentType<typeof DocumentPartyFragment> | null | undefined }) {
  const data = useFragment(DocumentPartyFragment, party);
  if (!data) return <Text span c="dimmed">—</Text>;
  const registration = data.stateRegistration;
  const place = [data.address?.municipality, data.address?.uf].filter(Boolean).join(' / ');
  return (
    <Stack gap={0}>
      <Text fz="sm" fw={500}>{data.name ?? '—'}</Text>
      <Cnpj value={data.document} />
      {data.stateRegistration && <Text fz="xs" c="dimmed"><Trans>IE {registration}</Trans></Text>}
      {place && <Text fz="xs" c="dimmed">{place}</Text>}
    </Stack>
  );
}

/** The totals the layout carries, in a fixed order, with our names. */
export const TOTAL_LABELS: [string, MessageDescriptor][] = [
  ['products', msg`Produtos`],
  ['services', msg`Serviços`],
  ['discount', msg`Desconto`],
  ['freight', msg`Frete`],
  ['insurance', msg`Seguro`],
  ['other', msg`Outras despesas`],
  ['deductions', msg`Deduções`],
  ['icms_base', msg`Base do ICMS`],
  ['icms', msg`ICMS`],
  ['icms_st', msg`ICMS-ST`],
  ['fcp', msg`FCP`],
  ['ipi', msg`IPI`],
  ['ii', msg`II`],
  ['pis', msg`PIS`],
  ['cofins', msg`COFINS`],
  ['iss', msg`ISS`],
  ['ibs', msg`IBS`],
  ['cbs', msg`CBS`],
  ['selective_tax', msg`Imposto seletivo`],
  ['withheld', msg`Retenções`],
  ['approximate_taxes', msg`Tributos aproximados`],
];

/** The totals JSON's decimal strings worth showing (unknown or empty keys dropped). */
export function totalsRows(totals: unknown): { key: string; label: MessageDescriptor; value: string }[] {
  if (!totals || typeof totals !== 'object') return [];
  const record = totals as Record<string, unknown>;
  return TOTAL_LABELS.flatMap(([key, label]) => {
    const value = record[key];
    return typeof value === 'string' && value !== '' ? [{ key, label, value }] : [];
  });
}

export function DocumentHeader({ document }: { document: FragmentType<typeof DocumentHeaderFragment> }) {
  const { t } = useLingui();
  const doc = useFragment(DocumentHeaderFragment, document);
  const cancellation = doc.events.find(isCancellation);
  const cancelled = doc.status === 'CANCELLED' || !!cancellation;
  const series = doc.series;
  const number = [doc.number, series ? t`série ${series}` : null].filter(Boolean).join(' · ');
  return (
    <Stack gap="md">
      <Group gap="sm" align="center" wrap="wrap">
        <Title order={1} size="h2">
          {KIND_LABELS[doc.kind]} {number || t`(sem número)`}
        </Title>
        <Badge color={cancelled ? 'red.9' : doc.status === 'AUTHORIZED' ? 'teal.9' : 'gray.8'} variant="filled">
          {cancelled ? t(STATUS_LABELS.CANCELLED) : t(STATUS_LABELS[doc.status])}
        </Badge>
      </Group>
      {cancelled && (
        <Alert color="red" variant="light" title={t`Documento cancelado`}>
          {cancellation?.occurredAt ? (
            <Trans>Cancelado em <DateCell value={cancellation.occurredAt} kind="datetime" />. Não deve ser conciliado.</Trans>
          ) : (
            <Trans>Este documento consta como cancelado. Não deve ser conciliado.</Trans>
          )}
        </Alert>
      )}
      <Paper p="md" withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
          <Field label={<Trans>Emissão</Trans>}><DateCell value={doc.issuedAt} kind="datetime" /></Field>
          <Field label={<Trans>Situação</Trans>}><Text span fz="sm">{t(STATUS_LABELS[doc.status])}</Text></Field>
          <Field label={<Trans>Valor total</Trans>}><Money value={doc.total} /></Field>
          <Field label={<Trans>Direção</Trans>}><Text span fz="sm">{t(DIRECTION_LABELS[doc.direction])}</Text></Field>
          <Field label={<Trans>Empresa</Trans>}>
            <Text span fz="sm">{doc.company ? `${doc.company.legalName} · ${formatTaxId(doc.company.cnpj)}` : '—'}</Text>
          </Field>
          <Field label={<Trans>Modelo</Trans>}><Text span fz="sm">{doc.layout ?? KIND_LABELS[doc.kind]}</Text></Field>
          <Field label={<Trans>Emitente</Trans>}><Party party={doc.emitter} /></Field>
          <Field label={<Trans>Destinatário</Trans>}><Party party={doc.receiver} /></Field>
          <Field label={<Trans>Chave de acesso</Trans>}><AccessKey value={doc.accessKey} /></Field>
        </SimpleGrid>
      </Paper>
      <DocumentTotals totals={doc.totals} total={doc.total} />
    </Stack>
  );
}

function DocumentTotals({ totals, total }: { totals: unknown; total: string }) {
  const { t } = useLingui();
  const rows = totalsRows(totals);
  return (
    <Section id="totals" title={<Trans>Totais</Trans>}>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }} spacing="sm">
        {rows.map((row) => (
          <Field key={row.key} label={t(row.label)}><Money value={row.value} /></Field>
        ))}
        <Field label={<Trans>Total</Trans>}><Text span fw={700}><Money value={total} /></Text></Field>
      </SimpleGrid>
    </Section>
  );
}

// ---------------------------------------------------------------- items

function ItemCode({ code }: { code: string }) {
  return <Text fz="xs" c="dimmed"><Trans>Código {code}</Trans></Text>;
}

function TaxCst({ cst }: { cst: string }) {
  return <Text span fz="xs" c="dimmed"><Trans>CST {cst}</Trans> </Text>;
}

export const DocumentItemsFragment = graphql(`
  fragment DocumentItems_document on Document {
    items {
      number
      code
      description
      ncm
      cfop
      unit
      quantity
      unitPrice
      total
      discount
      taxes {
        kind
        cst
        base
        rate
        amount
      }
    }
  }
`);

export function DocumentItems({ document }: { document: FragmentType<typeof DocumentItemsFragment> }) {
  const { t } = useLingui();
  const { items } = useFragment(DocumentItemsFragment, document);
  const itemCount = items.length;
  return (
    <Section id="items" title={<Trans>Itens ({itemCount})</Trans>}>
      {items.length === 0 ? (
        <Text c="dimmed" size="sm"><Trans>Sem itens.</Trans></Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing={6} fz="sm" striped>
            <Table.Caption className="visually-hidden">{t`Itens do documento`}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th><Trans>Descrição</Trans></Table.Th>
                <Table.Th><Trans>NCM / CFOP</Trans></Table.Th>
                <Table.Th><Trans>Quantidade</Trans></Table.Th>
                <Table.Th><Trans>Valor unitário</Trans></Table.Th>
                <Table.Th><Trans>Total</Trans></Table.Th>
                <Table.Th><Trans>Tributos</Trans></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item, index) => (
                <Table.Tr key={`${item.number ?? index}-${item.code ?? ''}`}>
                  <Table.Td>{item.number ?? index + 1}</Table.Td>
                  <Table.Td>
                    <Text fz="sm">{item.description ?? '—'}</Text>
                    {item.code && <ItemCode code={item.code} />}
                  </Table.Td>
                  <Table.Td><Text span ff="monospace" fz="xs">{[item.ncm, item.cfop].filter(Boolean).join(' / ') || '—'}</Text></Table.Td>
                  <Table.Td><Text span ff="monospace" fz="sm">{item.quantity ? item.quantity.replace('.', ',') : '—'} {item.unit ?? ''}</Text></Table.Td>
                  <Table.Td><Money value={item.unitPrice} /></Table.Td>
                  <Table.Td><Money value={item.total} /></Table.Td>
                  <Table.Td>
                    {item.taxes.length === 0 ? (
                      <Text span c="dimmed">—</Text>
                    ) : (
                      <List size="xs" listStyleType="none" spacing={0}>
                        {item.taxes.map((tax, i) => (
                          <List.Item key={`${tax.kind}-${i}`}>
                            <Text span fz="xs" fw={600}>{tax.kind.toUpperCase()}</Text>{' '}
                            {tax.cst && <TaxCst cst={tax.cst} />}
                            {tax.rate && <Text span fz="xs">{tax.rate.replace('.', ',')}&nbsp;% </Text>}
                            <Money value={tax.amount} />
                          </List.Item>
                        ))}
                      </List>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

// ---------------------------------------------------------------- installments

export const DocumentInstallmentsFragment = graphql(`
  fragment DocumentInstallments_document on Document {
    installments {
      id
      number
      dueDate
      amount
      openAmount
      status
    }
  }
`);

export function DocumentInstallments({ document }: { document: FragmentType<typeof DocumentInstallmentsFragment> }) {
  const { t } = useLingui();
  const { installments } = useFragment(DocumentInstallmentsFragment, document);
  const installmentCount = installments.length;
  return (
    <Section id="installments" title={<Trans>Parcelas ({installmentCount})</Trans>}>
      {installments.length === 0 ? (
        <Text c="dimmed" size="sm"><Trans>Sem parcelas (duplicatas) neste documento.</Trans></Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={6} fz="sm" striped>
            <Table.Caption className="visually-hidden">{t`Parcelas do documento`}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th><Trans>Parcela</Trans></Table.Th>
                <Table.Th><Trans>Vencimento</Trans></Table.Th>
                <Table.Th><Trans>Valor</Trans></Table.Th>
                <Table.Th><Trans>Em aberto</Trans></Table.Th>
                <Table.Th><Trans>Situação</Trans></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {installments.map((inst) => (
                <Table.Tr key={inst.id}>
                  <Table.Td>{inst.number ?? '—'}</Table.Td>
                  <Table.Td><DateCell value={inst.dueDate} kind="date" /></Table.Td>
                  <Table.Td><Money value={inst.amount} /></Table.Td>
                  <Table.Td><Money value={inst.openAmount} /></Table.Td>
                  <Table.Td>
                    <Badge variant="dot" size="sm" color={OPEN_STATUS_COLORS[inst.status]}>{t(OPEN_STATUS_LABELS[inst.status])}</Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

// ---------------------------------------------------------------- events

export const DocumentEventsFragment = graphql(`
  fragment DocumentEvents_document on Document {
    events {
      id
      kind
      eventType
      sequence
      cancels
      occurredAt
      details
    }
  }
`);

export function eventLabel(event: { eventType: string; cancels: boolean }): MessageDescriptor {
  if (isCancellation(event)) return msg`Cancelamento`;
  if (event.eventType === CORRECTION) return msg({ message: 'Carta de correção (CC-e)', comment: 'NF-e correction letter event' });
  if (event.eventType.startsWith('2102')) return msg`Manifestação do destinatário`;
  return msg`Evento`;
}

function detailText(details: unknown, key: string): string | null {
  if (!details || typeof details !== 'object') return null;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === 'string' && value ? value : null;
}

export function DocumentEvents({ document }: { document: FragmentType<typeof DocumentEventsFragment> }) {
  const { t } = useLingui();
  const { events } = useFragment(DocumentEventsFragment, document);
  const eventCount = events.length;
  return (
    <Section id="events" title={<Trans>Eventos ({eventCount})</Trans>}>
      {events.length === 0 ? (
        <Text c="dimmed" size="sm"><Trans>Nenhum evento (cancelamento, CC-e) recebido.</Trans></Text>
      ) : (
        <Stack gap="sm">
          {events.map((event) => {
            const correction = detailText(event.details, 'correction');
            const justification = detailText(event.details, 'justification');
            const { eventType, sequence } = event;
            return (
              <Paper key={event.id} p="sm" withBorder bg={isCancellation(event) ? 'red.0' : undefined}>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} fz="sm">{t(eventLabel(event))}</Text>
                  <Text fz="xs" c="dimmed"><Trans>tipo {eventType} · sequência {sequence}</Trans></Text>
                  <DateCell value={event.occurredAt} kind="datetime" />
                </Group>
                {correction && <Text fz="sm"><Trans>Correção: {correction}</Trans></Text>}
                {justification && <Text fz="sm"><Trans>Justificativa: {justification}</Trans></Text>}
              </Paper>
            );
          })}
        </Stack>
      )}
    </Section>
  );
}

// ---------------------------------------------------------------- files

export const DocumentFilesFragment = graphql(`
  fragment DocumentFiles_document on Document {
    kind
    file {
      id
      name
      sizeBytes
    }
    danfe {
      id
      name
      sizeBytes
    }
  }
`);

export function fileContentUrl(fileId: string): string {
  return `/v1/files/${encodeURIComponent(fileId)}/content`;
}

interface FilesProps {
  document: FragmentType<typeof DocumentFilesFragment>;
  onDownload: (fileId: string, name: string) => void;
  busy?: string | null;
}

export function DocumentFiles({ document, onDownload, busy }: FilesProps) {
  const doc = useFragment(DocumentFilesFragment, document);
  const isPdf = doc.kind === 'DANFE';
  const danfeName = doc.danfe?.name;
  return (
    <Section id="files" title={<Trans>Arquivos</Trans>}>
      <Group gap="sm" wrap="wrap">
        {doc.file ? (
          <Button variant="default" size="sm" loading={busy === doc.file.id} onClick={() => doc.file && onDownload(doc.file.id, doc.file.name)}>
            {isPdf ? <Trans>Baixar PDF</Trans> : <Trans>Baixar XML</Trans>}
          </Button>
        ) : (
          <Text c="dimmed" size="sm"><Trans>O arquivo de origem não está disponível.</Trans></Text>
        )}
        {doc.danfe && !isPdf ? (
          <Button variant="default" size="sm" loading={busy === doc.danfe.id} onClick={() => doc.danfe && onDownload(doc.danfe.id, doc.danfe.name)}>
            <Trans>Baixar DANFE (PDF)</Trans>
          </Button>
        ) : (
          !isPdf && <Text c="dimmed" size="sm"><Trans>Nenhum DANFE vinculado pela chave de acesso.</Trans></Text>
        )}
      </Group>
      {doc.danfe && !isPdf && <Text size="xs" c="dimmed" mt="xs"><Trans>DANFE vinculado: {danfeName}</Trans></Text>}
    </Section>
  );
}

// ---------------------------------------------------------------- warnings

export const DocumentWarningsFragment = graphql(`
  fragment DocumentWarnings_document on Document {
    confidence
    warnings {
      code
      message
    }
  }
`);

/** Warning codes we word ourselves; others show their code (never the server's text). */
const WARNING_LABELS: Record<string, MessageDescriptor> = {
  ACCESS_KEY_MISMATCH: msg`A chave de acesso não confere com os campos do documento.`,
  ACCESS_KEY_MISSING: msg`O documento não tem chave de acesso.`,
  INVALID_ACCESS_KEY: msg`A chave de acesso não é válida (dígito verificador).`,
  INVALID_TAX_ID: msg`Um CNPJ ou CPF do documento não é válido.`,
  EMITTER_INFERRED: msg`O emitente foi deduzido de outros campos.`,
  NFSE_DPS_ONLY: msg`Só a DPS foi recebida: a NFS-e ainda não foi emitida.`,
  PDF_NAME_NOT_FOUND: msg`O nome da contraparte não foi lido do PDF.`,
  PDF_TOTAL_NOT_FOUND: msg`O valor total não foi lido do PDF.`,
  TOTALS_MISMATCH: msg`Os totais não fecham com a soma dos itens.`,
};

export function DocumentWarnings({ document }: { document: FragmentType<typeof DocumentWarningsFragment> }) {
  const { t } = useLingui();
  const doc = useFragment(DocumentWarningsFragment, document);
  const confidence = doc.confidence;
  const lowConfidence = !/^1(\.0*)?$/.test(doc.confidence);
  if (doc.warnings.length === 0 && !lowConfidence) return null;
  return (
    <Alert color="yellow" variant="light" title={t`Avisos`} role="note">
      <List size="sm" spacing={2}>
        {lowConfidence && <List.Item><Trans>Lido de um PDF (confiança {confidence}): confira os valores.</Trans></List.Item>}
        {doc.warnings.map((warning, i) => {
          const label = WARNING_LABELS[warning.code];
          const warningCode = warning.code;
          return (
            <List.Item key={`${warning.code}-${i}`}>
              {label ? t(label) : <Trans>Aviso {warningCode}</Trans>}
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
}

// ---------------------------------------------------------------- reconciliations

export const DocumentReconciliationsFragment = graphql(`
  fragment DocumentReconciliations_document on Document {
    reconciliations {
      id
      ...ReconciliationHistory_reconciliation
    }
  }
`);

export function DocumentReconciliations({ document }: { document: FragmentType<typeof DocumentReconciliationsFragment> }) {
  const { reconciliations } = useFragment(DocumentReconciliationsFragment, document);
  return (
    <Section id="reconciliations" title={<Trans>Histórico de conciliação</Trans>}>
      <ReconciliationHistory reconciliations={reconciliations} side="document" />
    </Section>
  );
}
