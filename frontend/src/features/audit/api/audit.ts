import { graphql } from '../../../gql';

export const AuditLogQuery = graphql(`
  query AuditLog($filter: AuditFilterInput, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          action
          actorType
          actorId
          entityType
          entityId
          before
          after
          requestId
          createdAt
        }
      }
    }
  }
`);

export const AuditPeopleQuery = graphql(`
  query AuditPeople {
    users {
      id
      name
      email
    }
  }
`);
