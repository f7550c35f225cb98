import { graphql } from '../gql';

// Staff token (no organization): log in, TOTP enrollment, directory, grants, links.

export const ConsoleStaffLoginMutation = graphql(`
  mutation ConsoleStaffLogin($email: String!, $password: String!, $totpCode: String) {
    staffLogin(email: $email, password: $password, totpCode: $totpCode) {
      __typename
      ... on StaffAuthTokens {
        accessToken
        expiresIn
        staffUserId
        email
        name
        totpEnrollmentRequired
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const ConsoleBeginTotpMutation = graphql(`
  mutation ConsoleBeginTotp {
    beginStaffTotpEnrollment {
      __typename
      ... on BeginTotpEnrollmentSuccess {
        secret
        otpauthUri
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const ConsoleConfirmTotpMutation = graphql(`
  mutation ConsoleConfirmTotp($code: String!) {
    confirmStaffTotpEnrollment(code: $code) {
      __typename
      ... on ConfirmTotpEnrollmentSuccess {
        enabledAt
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const ConsoleTenantDirectoryQuery = graphql(`
  query ConsoleTenantDirectory($text: String, $first: Int, $after: String) {
    tenantDirectory(text: $text, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          slug
          createdAt
          isActive
          health {
            failedFiles
            filesProcessing
            openInstallments
            openTransactions
            pendingSuggestions
            lastActivityAt
          }
        }
      }
    }
  }
`);

export const ConsoleMyGrantsQuery = graphql(`
  query ConsoleMyGrants {
    mySupportGrants {
      id
      organizationId
      organizationName
      organizationSlug
      role
      reason
      expiresAt
      createdAt
    }
  }
`);

export const ConsoleSupportTokenMutation = graphql(`
  mutation ConsoleSupportToken($grantId: ID!) {
    supportToken(grantId: $grantId) {
      __typename
      ... on SupportAccessToken {
        accessToken
        expiresIn
        organizationId
        role
        grantExpiresAt
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const ConsolePlatformLinksQuery = graphql(`
  query ConsolePlatformLinks($fileIds: [ID!]!) {
    platformLinks {
      temporalUi
      temporalNamespace
      ingestWorkflows(fileIds: $fileIds) {
        fileId
        workflowId
        url
      }
    }
  }
`);

// Support token (inside the grant's organization, audited there).

export const ConsoleSupportMeQuery = graphql(`
  query ConsoleSupportMe {
    me {
      id
      name
      email
      role
      organization {
        id
        name
      }
      supportAccess {
        grantId
        reason
        expiresAt
      }
    }
  }
`);

export const ConsoleFailedFilesQuery = graphql(`
  query ConsoleFailedFiles($first: Int, $after: String) {
    files(filter: { status: [FAILED] }, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          kind
          status
          createdAt
          processedAt
          failure {
            code
            message
            location
          }
        }
      }
    }
  }
`);

export const ConsoleReprocessFileMutation = graphql(`
  mutation ConsoleReprocessFile($id: ID!) {
    reprocessFile(id: $id) {
      __typename
      ... on ReprocessFileSuccess {
        file {
          id
          status
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const ConsoleSupportAuditQuery = graphql(`
  query ConsoleSupportAudit($actorId: ID!, $first: Int, $after: String) {
    auditLog(filter: { actorType: SUPPORT, actorId: $actorId }, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          action
          entityType
          entityId
          after
          createdAt
        }
      }
    }
  }
`);
