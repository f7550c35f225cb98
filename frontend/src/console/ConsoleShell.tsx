import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, AppShell, Badge, Burger, Button, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';

import { LanguageSwitch } from './LanguageSwitch';
import { consolePaths } from './routes';
import { clearStaffSession, useStaffSession } from './session';

/** The staff frame: a dark header that never looks like a tenant's app, navigation, the page. */
export function ConsoleShell() {
  const { t } = useLingui();
  const [opened, { toggle, close }] = useDisclosure();
  const session = useStaffSession();
  const location = useLocation();
  const navigate = useNavigate();

  function signOut() {
    clearStaffSession();
    void navigate(consolePaths.login(), { replace: true });
  }

  const items = [
    { to: consolePaths.directory(), label: t`Organizações`, active: location.pathname === '/' },
    { to: consolePaths.grants(), label: t`Meus acessos`, active: location.pathname.startsWith('/grants') },
  ];

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header bg="dark.8" c="white" withBorder={false}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" color="white" aria-label={t`Abrir navegação`} />
            <Anchor component={Link} to="/" fw={700} c="white" underline="never">Conciliacontag</Anchor>
            <Badge color="yellow" c="dark.9" variant="filled" radius="sm" style={{ flexShrink: 0 }}><Trans>Suporte</Trans></Badge>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" truncate maw={{ base: 90, sm: 220 }} visibleFrom="xs">{session?.name}</Text>
            <Button size="xs" variant="white" color="dark" onClick={signOut}><Trans>Sair</Trans></Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t`Navegação do suporte`}>
        <AppShell.Section grow>
          {items.map((item) => (
            <NavLink key={item.to} component={RouterNavLink} to={item.to} end label={item.label} active={item.active} variant="filled" onClick={close} />
          ))}
        </AppShell.Section>
        <AppShell.Section p="xs"><LanguageSwitch /></AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
