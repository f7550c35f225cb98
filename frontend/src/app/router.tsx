import { createBrowserRouter, type RouteObject } from 'react-router';

import { auditRoutes } from '../features/audit/routes';
import { authRoutes } from '../features/auth/routes';
import { dashboardRoutes } from '../features/dashboard/routes';
import { documentsRoutes } from '../features/documents/routes';
import { exportsRoutes } from '../features/exports/routes';
import { integrationsRoutes } from '../features/integrations/routes';
import { invitationRoutes } from '../features/invitation/routes';
import { peopleRoutes } from '../features/people/routes';
import { reportsRoutes } from '../features/reports/routes';
import { reviewRoutes } from '../features/review/routes';
import { rulesRoutes } from '../features/rules/routes';
import { transactionsRoutes } from '../features/transactions/routes';
import { uploadsRoutes } from '../features/uploads/routes';
import { NotFound } from '../shared/ui/states';
import { RequireAuth } from './RequireAuth';
import { Shell } from './Shell';

/** Each feature contributes its routes (from its routes.ts); the shell wraps them. */
export const routes: RouteObject[] = [
  ...authRoutes,
  // Public: the invitation e-mail's link (/convite#token=…), before any session.
  ...invitationRoutes,
  {
    element: (
      <RequireAuth>
        <Shell />
      </RequireAuth>
    ),
    children: [
      ...dashboardRoutes,
      ...uploadsRoutes,
      ...documentsRoutes,
      ...transactionsRoutes,
      ...reviewRoutes,
      ...rulesRoutes,
      ...reportsRoutes,
      ...exportsRoutes,
      ...peopleRoutes,
      ...integrationsRoutes,
      ...auditRoutes,
      { path: '*', element: <NotFound /> },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
