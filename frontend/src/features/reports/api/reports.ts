import { graphql } from '../../../gql';

/** The three reports at once: summary by period, aging and parse error rates. */
export const ReportsQuery = graphql(`
  query Reports($period: ReportPeriod!, $since: DateTime, $until: DateTime, $companyId: ID) {
    reconciliationSummary(period: $period, since: $since, until: $until, companyId: $companyId) {
      periodStart
      companyId
      companyName
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
    aging {
      direction
      bucket
      installments
      openAmount
    }
    parseErrorRates(since: $since, until: $until) {
      kind
      files
      failed
      rate
      topErrorCode
    }
    companies {
      id
      cnpj
      legalName
      tradeName
    }
  }
`);
