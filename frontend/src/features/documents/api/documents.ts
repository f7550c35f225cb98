import { graphql } from '../../../gql';

/** The list page: filters, sort and a cursor either way, all from the URL. */
export const DocumentsListQuery = graphql(`
  query DocumentsList(
    $filter: DocumentFilterInput
    $sort: DocumentSort
    $direction: SortDirection
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    documents(filter: $filter, sort: $sort, direction: $direction, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
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

/** The organization's companies, for the company filter (shared by the lists). */
export const DocumentsCompaniesQuery = graphql(`
  query DocumentsCompanies {
    companies {
      id
      cnpj
      legalName
      tradeName
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
        ...DocumentHeader_document
        ...DocumentItems_document
        ...DocumentInstallments_document
        ...DocumentEvents_document
        ...DocumentFiles_document
        ...DocumentWarnings_document
        ...DocumentReconciliations_document
      }
    }
  }
`);
