import { graphql } from '../../../gql';

/** Everything a progress row or a list row shows about a file (unmasked on purpose: the
 * upload tracker is plain TypeScript outside React and reads these fields directly). */
export const UploadsFileFieldsFragment = graphql(`
  fragment UploadsFileFields on File {
    id
    parentId
    name
    kind
    sizeBytes
    status
    members
    documents
    transactions
    errors
    failure {
      code
      message
      location
    }
    warnings {
      code
      message
      details
    }
    createdAt
    processedAt
  }
`);

/** Sent by XHR as a GraphQL multipart request (byte progress needs XMLHttpRequest). */
export const UploadsUploadFileMutation = graphql(`
  mutation UploadsUploadFile($file: Upload!) {
    uploadFile(file: $file) {
      __typename
      ... on UploadFileSuccess {
        duplicate
        file {
          ...UploadsFileFields
        }
      }
      ... on FileTooLargeError {
        maxBytes
      }
      ... on UserError {
        code
        message
      }
    }
  }
`);

export const UploadsReprocessFileMutation = graphql(`
  mutation UploadsReprocessFile($id: ID!) {
    reprocessFile(id: $id) {
      __typename
      ... on ReprocessFileSuccess {
        file {
          ...UploadsFileFields
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

/** The polling fallback, and the final read of a file when it ends. */
export const UploadsFileQuery = graphql(`
  query UploadsFile($id: ID!) {
    file(id: $id) {
      ...UploadsFileFields
    }
  }
`);

/** An archive's members (first 100), to name the ones that failed or warned. */
export const UploadsMembersQuery = graphql(`
  query UploadsMembers($parentId: ID!) {
    files(filter: { parentId: $parentId }, first: 100) {
      edges {
        node {
          ...UploadsFileFields
        }
      }
    }
  }
`);

/** The recent uploads list: filters and a forward cursor from the URL. */
export const UploadsListQuery = graphql(`
  query UploadsList($filter: FileFilterInput, $first: Int, $after: String) {
    files(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...UploadsFileFields
        }
      }
    }
  }
`);

export const UploadsFileProgressSubscription = graphql(`
  subscription UploadsFileProgress {
    fileProgress {
      fileId
      parentId
      status
      members
      documents
      transactions
      errors
      errorCode
    }
  }
`);
