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
    "\n  mutation AuthLogin($email: String!, $password: String!, $organizationId: ID, $totpCode: String) {\n    login(email: $email, password: $password, organizationId: $organizationId, totpCode: $totpCode) {\n      __typename\n      ... on AuthTokens {\n        accessToken\n        refreshToken\n        expiresIn\n        organizationId\n        role\n        totpEnrollmentRequired\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n": typeof types.AuthLoginDocument,
    "\n  mutation AuthLogout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken) {\n      __typename\n    }\n  }\n": typeof types.AuthLogoutDocument,
    "\n  query AuthMe {\n    me {\n      id\n      email\n      name\n      role\n      organization {\n        id\n        name\n      }\n      memberships {\n        role\n        organization {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.AuthMeDocument,
    "\n  query DocumentsList(\n    $filter: DocumentFilterInput\n    $sort: DocumentSort\n    $direction: SortDirection\n    $first: Int\n    $after: String\n  ) {\n    documents(filter: $filter, sort: $sort, direction: $direction, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          ...DocumentsTable_document\n        }\n      }\n    }\n  }\n": typeof types.DocumentsListDocument,
    "\n  query DocumentDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Document {\n        kind\n        number\n        series\n        accessKey\n        issuedAt\n        status\n        direction\n        total\n        emitter {\n          document\n          name\n        }\n        receiver {\n          document\n          name\n        }\n      }\n    }\n  }\n": typeof types.DocumentDetailDocument,
    "\n  fragment DocumentsTable_document on Document {\n    id\n    kind\n    accessKey\n    number\n    issuedAt\n    status\n    direction\n    counterpartyDocument\n    total\n  }\n": typeof types.DocumentsTable_DocumentFragmentDoc,
};
const documents: Documents = {
    "\n  mutation AuthLogin($email: String!, $password: String!, $organizationId: ID, $totpCode: String) {\n    login(email: $email, password: $password, organizationId: $organizationId, totpCode: $totpCode) {\n      __typename\n      ... on AuthTokens {\n        accessToken\n        refreshToken\n        expiresIn\n        organizationId\n        role\n        totpEnrollmentRequired\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n": types.AuthLoginDocument,
    "\n  mutation AuthLogout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken) {\n      __typename\n    }\n  }\n": types.AuthLogoutDocument,
    "\n  query AuthMe {\n    me {\n      id\n      email\n      name\n      role\n      organization {\n        id\n        name\n      }\n      memberships {\n        role\n        organization {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.AuthMeDocument,
    "\n  query DocumentsList(\n    $filter: DocumentFilterInput\n    $sort: DocumentSort\n    $direction: SortDirection\n    $first: Int\n    $after: String\n  ) {\n    documents(filter: $filter, sort: $sort, direction: $direction, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          ...DocumentsTable_document\n        }\n      }\n    }\n  }\n": types.DocumentsListDocument,
    "\n  query DocumentDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Document {\n        kind\n        number\n        series\n        accessKey\n        issuedAt\n        status\n        direction\n        total\n        emitter {\n          document\n          name\n        }\n        receiver {\n          document\n          name\n        }\n      }\n    }\n  }\n": types.DocumentDetailDocument,
    "\n  fragment DocumentsTable_document on Document {\n    id\n    kind\n    accessKey\n    number\n    issuedAt\n    status\n    direction\n    counterpartyDocument\n    total\n  }\n": types.DocumentsTable_DocumentFragmentDoc,
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
export function graphql(source: "\n  mutation AuthLogin($email: String!, $password: String!, $organizationId: ID, $totpCode: String) {\n    login(email: $email, password: $password, organizationId: $organizationId, totpCode: $totpCode) {\n      __typename\n      ... on AuthTokens {\n        accessToken\n        refreshToken\n        expiresIn\n        organizationId\n        role\n        totpEnrollmentRequired\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AuthLogin($email: String!, $password: String!, $organizationId: ID, $totpCode: String) {\n    login(email: $email, password: $password, organizationId: $organizationId, totpCode: $totpCode) {\n      __typename\n      ... on AuthTokens {\n        accessToken\n        refreshToken\n        expiresIn\n        organizationId\n        role\n        totpEnrollmentRequired\n      }\n      ... on UserError {\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthLogout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation AuthLogout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuthMe {\n    me {\n      id\n      email\n      name\n      role\n      organization {\n        id\n        name\n      }\n      memberships {\n        role\n        organization {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuthMe {\n    me {\n      id\n      email\n      name\n      role\n      organization {\n        id\n        name\n      }\n      memberships {\n        role\n        organization {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DocumentsList(\n    $filter: DocumentFilterInput\n    $sort: DocumentSort\n    $direction: SortDirection\n    $first: Int\n    $after: String\n  ) {\n    documents(filter: $filter, sort: $sort, direction: $direction, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          ...DocumentsTable_document\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DocumentsList(\n    $filter: DocumentFilterInput\n    $sort: DocumentSort\n    $direction: SortDirection\n    $first: Int\n    $after: String\n  ) {\n    documents(filter: $filter, sort: $sort, direction: $direction, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          ...DocumentsTable_document\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DocumentDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Document {\n        kind\n        number\n        series\n        accessKey\n        issuedAt\n        status\n        direction\n        total\n        emitter {\n          document\n          name\n        }\n        receiver {\n          document\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DocumentDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Document {\n        kind\n        number\n        series\n        accessKey\n        issuedAt\n        status\n        direction\n        total\n        emitter {\n          document\n          name\n        }\n        receiver {\n          document\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DocumentsTable_document on Document {\n    id\n    kind\n    accessKey\n    number\n    issuedAt\n    status\n    direction\n    counterpartyDocument\n    total\n  }\n"): (typeof documents)["\n  fragment DocumentsTable_document on Document {\n    id\n    kind\n    accessKey\n    number\n    issuedAt\n    status\n    direction\n    counterpartyDocument\n    total\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;