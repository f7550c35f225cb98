import { graphql } from '../../../gql';

export const PeopleMembersQuery = graphql(`
  query PeopleMembers($text: String, $active: Boolean) {
    users(text: $text, active: $active) {
      id
      name
      email
      role
      isActive
      invited
      lastLoginAt
      joinedAt
    }
  }
`);

export const PeopleInvitationsQuery = graphql(`
  query PeopleInvitations {
    invitations {
      id
      email
      name
      role
      expiresAt
      createdAt
    }
  }
`);

export const PeopleSupportGrantsQuery = graphql(`
  query PeopleSupportGrants($includeInactive: Boolean!) {
    supportGrants(includeInactive: $includeInactive) {
      id
      staffEmail
      staffName
      role
      reason
      expiresAt
      revokedAt
      createdAt
      active
    }
  }
`);

export const PeopleInviteMutation = graphql(`
  mutation PeopleInvite($input: InviteUserInput!) {
    inviteUser(input: $input) {
      __typename
      ... on InviteUserSuccess {
        emailSent
        invitation {
          id
          email
        }
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

export const PeopleRevokeInvitationMutation = graphql(`
  mutation PeopleRevokeInvitation($id: ID!) {
    revokeInvitation(invitationId: $id) {
      __typename
      ... on UserError {
        code
      }
    }
  }
`);

export const PeopleChangeRoleMutation = graphql(`
  mutation PeopleChangeRole($userId: ID!, $role: Role!) {
    changeRole(userId: $userId, role: $role) {
      __typename
      ... on MemberSuccess {
        user {
          id
          role
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const PeopleDeactivateMutation = graphql(`
  mutation PeopleDeactivate($userId: ID!) {
    deactivateUser(userId: $userId) {
      __typename
      ... on MemberSuccess {
        user {
          id
          isActive
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const PeopleGrantSupportMutation = graphql(`
  mutation PeopleGrantSupport($staffEmail: String!, $reason: String!, $hours: Int!, $role: Role!) {
    grantSupportAccess(staffEmail: $staffEmail, reason: $reason, hours: $hours, role: $role) {
      __typename
      ... on GrantSupportAccessSuccess {
        grant {
          id
        }
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

export const PeopleRevokeSupportMutation = graphql(`
  mutation PeopleRevokeSupport($id: ID!) {
    revokeSupportAccess(id: $id) {
      __typename
      ... on UserError {
        code
      }
    }
  }
`);
