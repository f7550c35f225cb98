import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, AppShell, Burger, Group, Menu, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { Link, NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { AuthLogoutMutation, AuthMeQuery } from '../features/auth/api/auth';
import { OrganizationSwitcher } from '../features/auth/components/OrganizationSwitcher';
import { LanguageSwitch } from './LanguageSwitch';
import { navItemsFor } from './navigation';
import { prefetchScreens } from './prefetch';
import { clearSession, getSession } from './session';

/** The signed-in frame: header (organization, language, user), navigation, the page. */
export function Shell() {
  const { t, i18n } = useLingui();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const [{ data }] = useQuery({ query: AuthMeQuery });
  useEffect(prefetchScreens, []);
  const [, logout] = useMutation(AuthLogoutMutation);
  const me = data?.me;

  async function signOut() {
    const token = getSession()?.refreshToken;
    if (token) await logout({ refreshToken: token });
    clearSession();
    void navigate('/login', { replace: true });
  }

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t`Abrir navegação`} />
            <Anchor component={Link} to="/" fw={700} c="inherit" underline="never">Conciliacontag</Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {me && (
              <OrganizationSwitcher
                email={me.email}
                current={me.organization}
                organizations={me.memberships.map((m) => m.organization)}
              />
            )}
            <Group visibleFrom="sm"><LanguageSwitch /></Group>
            <Menu position="bottom-end">
              <Menu.Target>
                <UnstyledButton>
                  <Text size="sm" truncate maw={{ base: 80, sm: 160 }}>{me?.name ?? '…'}</Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                {me && <Menu.Label>{me.email}</Menu.Label>}
                <Menu.Item component="a" href="/graphiql/"><Trans>Explorador da API (GraphiQL)</Trans></Menu.Item>
                <Menu.Item onClick={() => void signOut()}><Trans>Sair</Trans></Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t`Navegação principal`}>
        <AppShell.Section grow component={ScrollArea}>
          {navItemsFor(getSession()?.role).map((item) => (
            <NavLink
              key={item.to}
              component={RouterNavLink}
              to={item.to}
              end={item.to === '/'}
              label={i18n._(item.label)}
              active={item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to)}
              onClick={close}
            />
          ))}
        </AppShell.Section>
        <AppShell.Section hiddenFrom="sm" p="xs"><LanguageSwitch /></AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
