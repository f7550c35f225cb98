import { graphql } from '../../../gql';

export const AuthLoginMutation = graphql(`
  mutation AuthLogin($email: String!, $password: String!, $organizationId: ID, $totpCode: String) {
    login(email: $email, password: $password, organizationId: $organizationId, totpCode: $totpCode) {
      __typename
      ... on AuthTokens {
        accessToken
        refreshToken
        expiresIn
        organizationId
        role
        totpEnrollmentRequired
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const AuthLogoutMutation = graphql(`
  mutation AuthLogout($refreshToken: String!) {
    logout(refreshToken: $refreshToken) {
      __typename
    }
  }
`);

/** Who is signed in, the current organization and the others they may switch to. */
export const AuthMeQuery = graphql(`
  query AuthMe {
    me {
      id
      email
      name
      role
      organization {
        id
        name
      }
      memberships {
        role
        organization {
          id
          name
        }
      }
    }
  }
`);
