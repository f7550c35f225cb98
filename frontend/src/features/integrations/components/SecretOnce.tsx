import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A secret the API returns only once: shown with a copy button and a warning, then gone. */
export function SecretOnce({ title, secret, onDone, children }: { title: ReactNode; secret: string; onDone: () => void; children?: ReactNode }) {
  const { t } = useLingui();
  return (
    <Alert color="yellow" title={title} role="alert" data-testid="secret-once" styles={{ title: { color: 'var(--mantine-color-dark-7)' } }}>
      <Stack gap="xs">
        <Text size="sm" fw={600}><Trans>Copie agora: este segredo não será mostrado de novo. Guarde-o num cofre de senhas.</Trans></Text>
        {children}
        <Code block data-testid="secret-value" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{secret}</Code>
        <Group gap="xs">
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button size="xs" color={copied ? 'teal' : undefined} onClick={copy} aria-label={t`Copiar segredo`}>
                {copied ? <Trans>Copiado</Trans> : <Trans>Copiar</Trans>}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDone}><Trans>Já guardei, fechar</Trans></Button>
        </Group>
      </Stack>
    </Alert>
  );
}
