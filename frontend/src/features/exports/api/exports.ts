import { graphql } from '../../../gql';

/** Newest first; polled while one is pending or running. */
export const ExportsListQuery = graphql(`
  query ExportsList($first: Int) {
    exports(first: $first) {
      edges {
        node {
          id
          ...ExportsTable_export
        }
      }
    }
    companies {
      id
      cnpj
      legalName
      tradeName
    }
  }
`);

export const ExportDocumentsMutation = graphql(`
  mutation ExportDocuments($format: ExportFormat!, $filter: DocumentFilterInput) {
    exportDocuments(format: $format, filter: $filter) {
      __typename
      ... on ExportSuccess {
        export {
          id
          ...ExportsTable_export
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const ExportReconciliationsMutation = graphql(`
  mutation ExportReconciliations($format: ExportFormat!, $filter: ReconciliationFilterInput) {
    exportReconciliations(format: $format, filter: $filter) {
      __typename
      ... on ExportSuccess {
        export {
          id
          ...ExportsTable_export
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);
