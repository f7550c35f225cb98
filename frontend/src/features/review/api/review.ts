import { graphql } from '../../../gql';

/** The queue (suggestions, best score first), one page at a time. */
export const ReviewQueueQuery = graphql(`
  query ReviewQueue($filter: ReconciliationFilterInput, $first: Int, $after: String) {
    reviewQueue(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          status
          ...ReviewQueueItem_reconciliation
          ...ReviewDetail_reconciliation
          ...ReviewCandidates_reconciliation
        }
      }
    }
  }
`);

/** Matches (to look at and unmatch), newest first. */
export const ReviewMatchesQuery = graphql(`
  query ReviewMatches($filter: ReconciliationFilterInput, $first: Int, $after: String) {
    reconciliations(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          status
          ...ReviewQueueItem_reconciliation
          ...ReviewDetail_reconciliation
          ...ReviewCandidates_reconciliation
        }
      }
    }
  }
`);

/** Whether the organization has any reconciliation at all: "all done" versus "nothing yet". */
export const ReviewAnyQuery = graphql(`
  query ReviewAny {
    reconciliations(first: 1) {
      totalCount
    }
  }
`);

export const ReviewCompaniesQuery = graphql(`
  query ReviewCompanies {
    companies {
      id
      cnpj
      legalName
      tradeName
    }
  }
`);

export const ReviewAcceptMutation = graphql(`
  mutation ReviewAccept($id: ID!) {
    acceptSuggestion(id: $id) {
      __typename
      ... on ReconciliationSuccess {
        reconciliation {
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

export const ReviewRejectMutation = graphql(`
  mutation ReviewReject($id: ID!, $reason: String) {
    rejectSuggestion(id: $id, reason: $reason) {
      __typename
      ... on ReconciliationSuccess {
        reconciliation {
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

export const ReviewMatchManuallyMutation = graphql(`
  mutation ReviewMatchManually($input: MatchManuallyInput!) {
    matchManually(input: $input) {
      __typename
      ... on ReconciliationSuccess {
        reconciliation {
          id
          status
          difference
        }
      }
      ... on ValidationError {
        code
        fields {
          field
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const ReviewUnmatchMutation = graphql(`
  mutation ReviewUnmatch($id: ID!, $reason: String) {
    unmatch(id: $id, reason: $reason) {
      __typename
      ... on ReconciliationSuccess {
        reconciliation {
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

export const ReviewUndoDecisionMutation = graphql(`
  mutation ReviewUndoDecision($id: ID!) {
    undoDecision(id: $id) {
      __typename
      ... on UndoDecisionSuccess {
        removedId
        reconciliation {
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

export const ReviewUndoBatchMutation = graphql(`
  mutation ReviewUndoBatch($batchId: ID!) {
    undoBatch(batchId: $batchId) {
      __typename
      ... on BulkDecisionSuccess {
        batchId
        decided {
          id
          status
        }
        skipped {
          id
          code
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

/** Count and money per score band, highest first (the bulk preview). */
export const ReviewBandsQuery = graphql(`
  query ReviewBands($filter: ReconciliationFilterInput) {
    reviewBands(filter: $filter) {
      minScore
      count
      amount
    }
  }
`);

/** Only the ids of a band, paged (at most 100 a page), to accept them in bulk. */
export const ReviewBandIdsQuery = graphql(`
  query ReviewBandIds($filter: ReconciliationFilterInput, $after: String) {
    reviewQueue(filter: $filter, first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
        }
      }
    }
  }
`);

export const ReviewAcceptManyMutation = graphql(`
  mutation ReviewAcceptMany($ids: [ID!]!) {
    acceptSuggestions(ids: $ids) {
      __typename
      ... on BulkDecisionSuccess {
        batchId
        decided {
          id
          status
        }
        skipped {
          id
          code
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

/** Open items near a bank line (installments) or an installment (bank lines), nearest amount first. */
export const ReviewCandidatesQuery = graphql(`
  query ReviewCandidates($transactionId: ID, $installmentId: ID, $amountTolerance: Decimal!, $days: Int!, $text: String) {
    reviewCandidates(transactionId: $transactionId, installmentId: $installmentId, amountTolerance: $amountTolerance, days: $days, text: $text) {
      amountDifference
      daysApart
      installment {
        id
        number
        dueDate
        openAmount
        document {
          id
          number
          direction
          counterpartyDocument
          emitter {
            name
            document
          }
          receiver {
            name
            document
          }
        }
      }
      transaction {
        id
        postedOn
        amount
        openAmount
        description
        counterparty {
          name
          document
        }
      }
    }
  }
`);

/** Another reviewer's (or the engine's) decisions, as they commit. */
export const ReviewChangedSubscription = graphql(`
  subscription ReviewChanged {
    reconciliationChanged {
      change
      reconciliationIds
      droppedIds
    }
  }
`);
