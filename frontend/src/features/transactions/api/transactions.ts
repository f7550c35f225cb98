import { graphql } from '../../../gql';

/** The list page: server-side filters, sort and a cursor either way, all from the URL. */
export const TransactionsListQuery = graphql(`
  query TransactionsList(
    $filter: TransactionFilterInput
    $sort: TransactionSort
    $direction: SortDirection
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    transactions(filter: $filter, sort: $sort, direction: $direction, first: $first, after: $after, last: $last, before: $before) {
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
          ...TransactionsTable_transaction
        }
      }
    }
  }
`);

/** Bank accounts and companies for the filters. */
export const TransactionsFilterOptionsQuery = graphql(`
  query TransactionsFilterOptions {
    bankAccounts {
      id
      name
      bankCode
      branch
      accountNumber
      accountDigit
    }
    companies {
      id
      cnpj
      legalName
      tradeName
    }
  }
`);

/** One transaction by global id: null when absent or another tenant's. */
export const TransactionDetailQuery = graphql(`
  query TransactionDetail($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Transaction {
        postedOn
        amount
        openAmount
        currency
        description
        type
        entryKind
        status
        balance
        references
        createdAt
        counterparty {
          document
          name
        }
        bankAccount {
          id
          name
          bankCode
          branch
          accountNumber
          accountDigit
        }
        file {
          id
          name
        }
        reconciliations {
          id
          ...ReconciliationHistory_reconciliation
        }
      }
    }
  }
`);
