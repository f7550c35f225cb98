import { graphql } from '../../../gql';

/** The list page: filters, sort and a forward cursor, all from the URL. */
export const DocumentsListQuery = graphql(`
  query DocumentsList(
    $filter: DocumentFilterInput
    $sort: DocumentSort
    $direction: SortDirection
    $first: Int
    $after: String
  ) {
    documents(filter: $filter, sort: $sort, direction: $direction, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          ...DocumentsTable_document
        }
      }
    }
  }
`);

/** One document by its global id: null when it does not exist or is another tenant's. */
export const DocumentDetailQuery = graphql(`
  query DocumentDetail($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Document {
        kind
        number
        series
        accessKey
        issuedAt
        status
        direction
        total
        emitter {
          document
          name
        }
        receiver {
          document
          name
        }
      }
    }
  }
`);
