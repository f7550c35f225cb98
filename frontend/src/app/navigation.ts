import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { auditPaths } from '../features/audit/routes';
import { dashboardPaths } from '../features/dashboard/routes';
import { documentsPaths } from '../features/documents/routes';
import { exportsPaths } from '../features/exports/routes';
import { integrationsPaths } from '../features/integrations/routes';
import { peoplePaths } from '../features/people/routes';
import { reportsPaths } from '../features/reports/routes';
import { reviewPaths } from '../features/review/routes';
import { rulesPaths } from '../features/rules/routes';
import { transactionsPaths } from '../features/transactions/routes';
import { uploadsPaths } from '../features/uploads/routes';

export interface NavItem {
  label: MessageDescriptor;
  to: string;
}

/** The shell's navigation, in the order people work. */
export const NAV_ITEMS: NavItem[] = [
  { label: msg`Painel`, to: dashboardPaths.index() },
  { label: msg`Arquivos`, to: uploadsPaths.index() },
  { label: msg`Documentos`, to: documentsPaths.list() },
  { label: msg`Transações`, to: transactionsPaths.index() },
  { label: msg({ message: 'Revisão', comment: 'Reviewing reconciliation suggestions' }), to: reviewPaths.index() },
  { label: msg`Regras`, to: rulesPaths.index() },
  { label: msg`Relatórios`, to: reportsPaths.index() },
  { label: msg`Exportações`, to: exportsPaths.index() },
  { label: msg`Pessoas`, to: peoplePaths.index() },
  { label: msg`Integrações`, to: integrationsPaths.index() },
  { label: msg`Auditoria`, to: auditPaths.index() },
];
