package dev.orbitdock.tracker.linear;

/** The GraphQL documents the Linear tracker sends, kept together so tests can assert them exactly. */
final class LinearQueries {
    private LinearQueries() {}

    static final int PAGE_SIZE = 50;

    private static final String ISSUE_FIELDS = """
            fragment IssueFields on Issue {
              id identifier title description url priority createdAt
              state { name }
              labels { nodes { name } }
            }""";

    /** Only the filter parts the query sets are sent: an absent part means "any", not "none". */
    static final String CANDIDATES = """
            query Candidates($filter: IssueFilter, $cursor: String) {
              issues(first: %d, after: $cursor, filter: $filter, orderBy: createdAt) {
                pageInfo { hasNextPage endCursor }
                nodes { ...IssueFields }
              }
            }
            """.formatted(PAGE_SIZE) + ISSUE_FIELDS;

    static final String ISSUES_BY_ID = """
            query IssuesById($ids: [ID!], $first: Int) {
              issues(first: $first, filter: {id: {in: $ids}}) {
                nodes { ...IssueFields }
              }
            }
            """ + ISSUE_FIELDS;

    /** {@code user} is null for comments of integrations (bots). */
    private static final String COMMENT_FIELDS = """
            fragment CommentFields on Comment {
              id body createdAt
              user { name }
            }""";

    static final String COMMENT = """
            mutation Comment($issueId: String!, $body: String!) {
              commentCreate(input: {issueId: $issueId, body: $body}) { success comment { ...CommentFields } }
            }
            """ + COMMENT_FIELDS;

    static final String COMMENTS = """
            query Comments($id: String!, $cursor: String) {
              issue(id: $id) {
                comments(first: %d, after: $cursor, orderBy: createdAt) {
                  pageInfo { hasNextPage endCursor }
                  nodes { ...CommentFields }
                }
              }
            }
            """.formatted(PAGE_SIZE) + COMMENT_FIELDS;

    static final String COMMENT_UPDATE = """
            mutation CommentUpdate($id: String!, $body: String!) {
              commentUpdate(id: $id, input: {body: $body}) { success comment { ...CommentFields } }
            }
            """ + COMMENT_FIELDS;

    static final String TEAM_STATES = """
            query TeamStates($id: String!) {
              issue(id: $id) { id team { id states { nodes { id name } } } }
            }""";

    static final String MOVE = """
            mutation Move($id: String!, $stateId: String!) {
              issueUpdate(id: $id, input: {stateId: $stateId}) { success }
            }""";

    static final String LINK = """
            mutation Link($issueId: String!, $url: String!, $title: String) {
              attachmentLinkURL(issueId: $issueId, url: $url, title: $title) { success }
            }""";

    static final String TEAM = """
            query Team($id: String!) {
              issue(id: $id) { id team { id } }
            }""";

    static final String FOLLOW_UP = """
            mutation FollowUp($teamId: String!, $title: String!, $description: String, $parentId: String) {
              issueCreate(input: {teamId: $teamId, title: $title, description: $description, parentId: $parentId}) {
                success
                issue { ...IssueFields }
              }
            }
            """ + ISSUE_FIELDS;
}
