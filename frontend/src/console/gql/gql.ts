/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation ConsoleStaffLogin($email: String!, $password: String!, $totpCode: String) {\n    staffLogin(email: $email, password: $password, totpCode: $totpCode) {\n      __typename\n      ... on StaffAuthTokens {\n        accessToken\n        expiresIn\n        staffUserId\n        email\n        name\n        totpEnrollmentRequired\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n": typeof types.ConsoleStaffLoginDocument,
    "\n  mutation ConsoleBeginTotp {\n    beginStaffTotpEnrollment {\n      __typename\n      ... on BeginTotpEnrollmentSuccess {\n        secret\n        otpauthUri\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n": typeof types.ConsoleBeginTotpDocument,
    "\n  mutation ConsoleConfirmTotp($code: String!) {\n    confirmStaffTotpEnrollment(code: $code) {\n      __typename\n      ... on ConfirmTotpEnrollmentSuccess {\n        enabledAt\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n": typeof types.ConsoleConfirmTotpDocument,
    "\n  query ConsoleTenantDirectory($text: String, $first: Int, $after: String) {\n    tenantDirectory(text: $text, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          slug\n          createdAt\n          isActive\n          health {\n            failedFiles\n            filesProcessing\n            openInstallments\n            openTransactions\n            pendingSuggestions\n            lastActivityAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleTenantDirectoryDocument,
    "\n  query ConsoleMyGrants {\n    mySupportGrants {\n      id\n      organizationId\n      organizationName\n      organizationSlug\n      role\n      reason\n      expiresAt\n      createdAt\n    }\n  }\n": typeof types.ConsoleMyGrantsDocument,
    "\n  mutation ConsoleSupportToken($grantId: ID!) {\n    supportToken(grantId: $grantId) {\n      __typename\n      ... on SupportAccessToken {\n        accessToken\n        expiresIn\n        organizationId\n        role\n        grantExpiresAt\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n": typeof types.ConsoleSupportTokenDocument,
    "\n  query ConsolePlatformLinks($fileIds: [ID!]!) {\n    platformLinks {\n      temporalUi\n      temporalNamespace\n      ingestWorkflows(fileIds: $fileIds) {\n        fileId\n        workflowId\n        url\n      }\n    }\n  }\n": typeof types.ConsolePlatformLinksDocument,
    "\n  query ConsoleSupportMe {\n    me {\n      id\n      name\n      email\n      role\n      organization {\n        id\n        name\n      }\n      supportAccess {\n        grantId\n        reason\n        expiresAt\n      }\n    }\n  }\n": typeof types.ConsoleSupportMeDocument,
    "\n  query ConsoleFailedFiles($first: Int, $after: String) {\n    files(filter: { status: [FAILED] }, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          kind\n          status\n          createdAt\n          processedAt\n          failure {\n            code\n            message\n            location\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleFailedFilesDocument,
    "\n  mutation ConsoleReprocessFile($id: ID!) {\n    reprocessFile(id: $id) {\n      __typename\n      ... on ReprocessFileSuccess {\n        file {\n          id\n          status\n        }\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n": typeof types.ConsoleReprocessFileDocument,
    "\n  query ConsoleSupportAudit($actorId: ID!, $first: Int, $after: String) {\n    auditLog(filter: { actorType: SUPPORT, actorId: $actorId }, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          action\n          entityType\n          entityId\n          after\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.ConsoleSupportAuditDocument,
};
const documents: Documents = {
    "\n  mutation ConsoleStaffLogin($email: String!, $password: String!, $totpCode: String) {\n    staffLogin(email: $email, password: $password, totpCode: $totpCode) {\n      __typename\n      ... on StaffAuthTokens {\n        accessToken\n        expiresIn\n        staffUserId\n        email\n        name\n        totpEnrollmentRequired\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n": types.ConsoleStaffLoginDocument,
    "\n  mutation ConsoleBeginTotp {\n    beginStaffTotpEnrollment {\n      __typename\n      ... on BeginTotpEnrollmentSuccess {\n        secret\n        otpauthUri\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n": types.ConsoleBeginTotpDocument,
    "\n  mutation ConsoleConfirmTotp($code: String!) {\n    confirmStaffTotpEnrollment(code: $code) {\n      __typename\n      ... on ConfirmTotpEnrollmentSuccess {\n        enabledAt\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n": types.ConsoleConfirmTotpDocument,
    "\n  query ConsoleTenantDirectory($text: String, $first: Int, $after: String) {\n    tenantDirectory(text: $text, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          slug\n          createdAt\n          isActive\n          health {\n            failedFiles\n            filesProcessing\n            openInstallments\n            openTransactions\n            pendingSuggestions\n            lastActivityAt\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleTenantDirectoryDocument,
    "\n  query ConsoleMyGrants {\n    mySupportGrants {\n      id\n      organizationId\n      organizationName\n      organizationSlug\n      role\n      reason\n      expiresAt\n      createdAt\n    }\n  }\n": types.ConsoleMyGrantsDocument,
    "\n  mutation ConsoleSupportToken($grantId: ID!) {\n    supportToken(grantId: $grantId) {\n      __typename\n      ... on SupportAccessToken {\n        accessToken\n        expiresIn\n        organizationId\n        role\n        grantExpiresAt\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n": types.ConsoleSupportTokenDocument,
    "\n  query ConsolePlatformLinks($fileIds: [ID!]!) {\n    platformLinks {\n      temporalUi\n      temporalNamespace\n      ingestWorkflows(fileIds: $fileIds) {\n        fileId\n        workflowId\n        url\n      }\n    }\n  }\n": types.ConsolePlatformLinksDocument,
    "\n  query ConsoleSupportMe {\n    me {\n      id\n      name\n      email\n      role\n      organization {\n        id\n        name\n      }\n      supportAccess {\n        grantId\n        reason\n        expiresAt\n      }\n    }\n  }\n": types.ConsoleSupportMeDocument,
    "\n  query ConsoleFailedFiles($first: Int, $after: String) {\n    files(filter: { status: [FAILED] }, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          kind\n          status\n          createdAt\n          processedAt\n          failure {\n            code\n            message\n            location\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleFailedFilesDocument,
    "\n  mutation ConsoleReprocessFile($id: ID!) {\n    reprocessFile(id: $id) {\n      __typename\n      ... on ReprocessFileSuccess {\n        file {\n          id\n          status\n        }\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n": types.ConsoleReprocessFileDocument,
    "\n  query ConsoleSupportAudit($actorId: ID!, $first: Int, $after: String) {\n    auditLog(filter: { actorType: SUPPORT, actorId: $actorId }, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          action\n          entityType\n          entityId\n          after\n          createdAt\n        }\n      }\n    }\n  }\n": types.ConsoleSupportAuditDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleStaffLogin($email: String!, $password: String!, $totpCode: String) {\n    staffLogin(email: $email, password: $password, totpCode: $totpCode) {\n      __typename\n      ... on StaffAuthTokens {\n        accessToken\n        expiresIn\n        staffUserId\n        email\n        name\n        totpEnrollmentRequired\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleStaffLogin($email: String!, $password: String!, $totpCode: String) {\n    staffLogin(email: $email, password: $password, totpCode: $totpCode) {\n      __typename\n      ... on StaffAuthTokens {\n        accessToken\n        expiresIn\n        staffUserId\n        email\n        name\n        totpEnrollmentRequired\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleBeginTotp {\n    beginStaffTotpEnrollment {\n      __typename\n      ... on BeginTotpEnrollmentSuccess {\n        secret\n        otpauthUri\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleBeginTotp {\n    beginStaffTotpEnrollment {\n      __typename\n      ... on BeginTotpEnrollmentSuccess {\n        secret\n        otpauthUri\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleConfirmTotp($code: String!) {\n    confirmStaffTotpEnrollment(code: $code) {\n      __typename\n      ... on ConfirmTotpEnrollmentSuccess {\n        enabledAt\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleConfirmTotp($code: String!) {\n    confirmStaffTotpEnrollment(code: $code) {\n      __typename\n      ... on ConfirmTotpEnrollmentSuccess {\n        enabledAt\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleTenantDirectory($text: String, $first: Int, $after: String) {\n    tenantDirectory(text: $text, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          slug\n          createdAt\n          isActive\n          health {\n            failedFiles\n            filesProcessing\n            openInstallments\n            openTransactions\n            pendingSuggestions\n            lastActivityAt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleTenantDirectory($text: String, $first: Int, $after: String) {\n    tenantDirectory(text: $text, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          slug\n          createdAt\n          isActive\n          health {\n            failedFiles\n            filesProcessing\n            openInstallments\n            openTransactions\n            pendingSuggestions\n            lastActivityAt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleMyGrants {\n    mySupportGrants {\n      id\n      organizationId\n      organizationName\n      organizationSlug\n      role\n      reason\n      expiresAt\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query ConsoleMyGrants {\n    mySupportGrants {\n      id\n      organizationId\n      organizationName\n      organizationSlug\n      role\n      reason\n      expiresAt\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSupportToken($grantId: ID!) {\n    supportToken(grantId: $grantId) {\n      __typename\n      ... on SupportAccessToken {\n        accessToken\n        expiresIn\n        organizationId\n        role\n        grantExpiresAt\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleSupportToken($grantId: ID!) {\n    supportToken(grantId: $grantId) {\n      __typename\n      ... on SupportAccessToken {\n        accessToken\n        expiresIn\n        organizationId\n        role\n        grantExpiresAt\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsolePlatformLinks($fileIds: [ID!]!) {\n    platformLinks {\n      temporalUi\n      temporalNamespace\n      ingestWorkflows(fileIds: $fileIds) {\n        fileId\n        workflowId\n        url\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsolePlatformLinks($fileIds: [ID!]!) {\n    platformLinks {\n      temporalUi\n      temporalNamespace\n      ingestWorkflows(fileIds: $fileIds) {\n        fileId\n        workflowId\n        url\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSupportMe {\n    me {\n      id\n      name\n      email\n      role\n      organization {\n        id\n        name\n      }\n      supportAccess {\n        grantId\n        reason\n        expiresAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleSupportMe {\n    me {\n      id\n      name\n      email\n      role\n      organization {\n        id\n        name\n      }\n      supportAccess {\n        grantId\n        reason\n        expiresAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleFailedFiles($first: Int, $after: String) {\n    files(filter: { status: [FAILED] }, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          kind\n          status\n          createdAt\n          processedAt\n          failure {\n            code\n            message\n            location\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleFailedFiles($first: Int, $after: String) {\n    files(filter: { status: [FAILED] }, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          kind\n          status\n          createdAt\n          processedAt\n          failure {\n            code\n            message\n            location\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReprocessFile($id: ID!) {\n    reprocessFile(id: $id) {\n      __typename\n      ... on ReprocessFileSuccess {\n        file {\n          id\n          status\n        }\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleReprocessFile($id: ID!) {\n    reprocessFile(id: $id) {\n      __typename\n      ... on ReprocessFileSuccess {\n        file {\n          id\n          status\n        }\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSupportAudit($actorId: ID!, $first: Int, $after: String) {\n    auditLog(filter: { actorType: SUPPORT, actorId: $actorId }, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          action\n          entityType\n          entityId\n          after\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleSupportAudit($actorId: ID!, $first: Int, $after: String) {\n    auditLog(filter: { actorType: SUPPORT, actorId: $actorId }, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          action\n          entityType\n          entityId\n          after\n          createdAt\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;