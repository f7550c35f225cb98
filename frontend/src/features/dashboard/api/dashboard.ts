import { graphql } from '../../../gql';

/** The headline figures, aging, parse error rates and the latest files: one request. */
export const DashboardOverviewQuery = graphql(`
  query DashboardOverview {
    dashboard {
      documents
      transactions
      openReceivables
      openPayables
      openTransactions
      pendingSuggestions
      matchedThisMonth
      automaticMatchRate
      filesInProgress
      filesFailedThisMonth
      lastActivityAt
    }
    aging {
      direction
      bucket
      installments
      openAmount
    }
    parseErrorRates {
      kind
      files
      failed
      rate
      topErrorCode
    }
    files(first: 5) {
      edges {
        node {
          id
          name
          kind
          status
          documents
          transactions
          errors
          createdAt
        }
      }
    }
  }
`);

/** Matched, suggested and open by period (the period switch re-runs only this). */
export const DashboardSummaryQuery = graphql(`
  query DashboardSummary($period: ReportPeriod!, $since: DateTime) {
    reconciliationSummary(period: $period, since: $since) {
      periodStart
      direction
      documents
      installments
      amount
      matched
      matchedAmount
      suggested
      suggestedAmount
      open
      openAmount
    }
  }
`);
