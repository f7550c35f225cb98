import { graphql } from '../../../gql';

export const InvitationPreviewQuery = graphql(`
  query InvitationPreview($token: String!) {
    invitationPreview(token: $token) {
      email
      organizationName
      role
      expiresAt
      hasAccount
    }
  }
`);

export const InvitationAcceptMutation = graphql(`
  mutation InvitationAccept($token: String!, $password: String!, $name: String) {
    acceptInvitation(token: $token, password: $password, name: $name) {
      __typename
      ... on AcceptInvitationSuccess {
        email
      }
      ... on ValidationError {
        code
        fields {
          field
          messages
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);
