import { graphql } from '../../../gql';

export const RulesListQuery = graphql(`
  query RulesList($text: String, $active: Boolean, $first: Int, $after: String) {
    rules(text: $text, active: $active, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          description
          priority
          isActive
          version
          definition
          updatedAt
        }
      }
    }
  }
`);

export const RuleDetailQuery = graphql(`
  query RuleDetail($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Rule {
        name
        description
        priority
        isActive
        version
        definition
        createdAt
        updatedAt
        versions {
          version
          change
          name
          description
          priority
          isActive
          definition
          changedBy
          createdAt
        }
      }
    }
  }
`);

/** Names for the "who" of the version history (members are readable by every role). */
export const RulesPeopleQuery = graphql(`
  query RulesPeople {
    users {
      id
      name
      email
    }
  }
`);

export const RulesTestMutation = graphql(`
  mutation RulesTest($input: RuleInput!, $replaces: ID) {
    testRule(input: $input, replaces: $replaces) {
      __typename
      ... on TestRuleSuccess {
        changesTotal
        byThisRule
        changes {
          side
          itemId
          installment
          before
          after
          byThisRule
        }
      }
      ... on ValidationError {
        code
        fields {
          field
          messages
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

/** The amounts behind a preview's items (documents, their installments, transactions). */
export const RulesPreviewItemsQuery = graphql(`
  query RulesPreviewItems($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      id
      ... on Document {
        kind
        number
        total
        counterpartyDocument
        installments {
          number
          amount
        }
      }
      ... on Transaction {
        postedOn
        amount
        description
      }
    }
  }
`);

export const RulesCreateMutation = graphql(`
  mutation RulesCreate($input: RuleInput!) {
    createRule(input: $input) {
      __typename
      ... on RuleSuccess {
        rule {
          id
          version
        }
      }
      ... on ValidationError {
        code
        fields {
          field
          messages
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const RulesUpdateMutation = graphql(`
  mutation RulesUpdate($id: ID!, $input: RuleInput!) {
    updateRule(id: $id, input: $input) {
      __typename
      ... on RuleSuccess {
        rule {
          id
          version
        }
      }
      ... on ValidationError {
        code
        fields {
          field
          messages
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const RulesDeleteMutation = graphql(`
  mutation RulesDelete($id: ID!) {
    deleteRule(id: $id) {
      __typename
      ... on DeleteRuleSuccess {
        id
      }
      ... on UserError {
        code
      }
    }
  }
`);
