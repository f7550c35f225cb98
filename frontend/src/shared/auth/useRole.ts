import { useQuery } from 'urql';

import { getSession } from '../../app/session';
import { graphql } from '../../gql';
import { allowedActions, parseRole, type AllowedActions, type AppRole } from './permissions';

const SharedMyRoleQuery = graphql(`
  query SharedMyRole {
    me {
      id
      role
    }
  }
`);

/**
 * The signed-in person's role, from `me` (the session's copy from the login answer
 * until `me` arrives), and what it lets them do on the admin screens.
 */
export function useRole(): { id: string | null; role: AppRole | null; allowed: AllowedActions } {
  const [{ data }] = useQuery({ query: SharedMyRoleQuery });
  const role = parseRole(data?.me.role ?? getSession()?.role);
  return { id: data?.me.id ?? null, role, allowed: allowedActions(role) };
}
