import { Trans } from '@lingui/react/macro';
import { Badge } from '@mantine/core';

import { grantState } from '../roles';

export function GrantStatus({ expiresAt, now, ended = false }: { expiresAt: string; now: number; ended?: boolean }) {
  const state = grantState(expiresAt, now);
  if (ended) return <Badge color="red.9" variant="filled" style={{ flexShrink: 0 }}><Trans>Encerrado</Trans></Badge>;
  if (state === 'expired') return <Badge color="gray" variant="filled" style={{ flexShrink: 0 }}><Trans>Expirado</Trans></Badge>;
  if (state === 'ending') return <Badge color="yellow.4" c="dark.9" variant="filled" style={{ flexShrink: 0 }}><Trans>Termina em menos de 1 h</Trans></Badge>;
  return <Badge color="teal.9" variant="filled" style={{ flexShrink: 0 }}><Trans>Ativo</Trans></Badge>;
}
