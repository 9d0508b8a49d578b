package dev.orbitdock.tracker.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.tracker.CandidateQuery;
import dev.orbitdock.tracker.Page;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.tracker.TrackerComment;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerIssue;
import dev.orbitdock.tracker.TrackerRead;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * GitHub Issues over REST v3. GitHub issues are only open or closed; with {@code projectNumber} set, the state is
 * the issue's "Status" in that Projects v2 project (owned by the repository owner) instead, read and written over
 * GraphQL. Tracker ids are issue numbers ("42"), identifiers "#42"; priority comes from {@code priority:N} or
 * {@code PN} labels.
 */
public final class GitHubTracker implements Tracker {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.github.com");
    static final int PAGE_SIZE = 50;
    /** GitHub's largest page: a long-lived issue's comments in as few calls as possible. */
    static final int COMMENT_PAGE_SIZE = 100;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private final String owner;
    private final String repo;
    private final GitHubHttp http;
    private final ProjectStatus project;

    /**
     * @param baseUrl the REST API root ({@link #DEFAULT_BASE_URL}, or {@code https://host/api/v3} for GitHub
     *     Enterprise Server)
     * @param projectNumber a Projects v2 number whose Status field holds the workflow state, or null
     * @param timeout per request
     */
    public GitHubTracker(URI baseUrl, String owner, String repo, Integer projectNumber, String token,
                         Duration timeout, HttpClient client) {
        this(baseUrl, owner, repo, projectNumber, token, timeout, client, Clock.systemUTC());
    }

    /** @param clock turns {@code x-ratelimit-reset} (an epoch second) into a wait */
    public GitHubTracker(URI baseUrl, String owner, String repo, Integer projectNumber, String token,
                         Duration timeout, HttpClient client, Clock clock) {
        if (owner == null || !NAME.matcher(owner).matches() || repo == null || !NAME.matcher(repo).matches()) {
            throw new TrackerException.Invalid("'" + owner + "/" + repo + "' is not a GitHub owner/repository");
        }
        if (token == null || token.isBlank()) {
            throw new TrackerException.AuthFailed("no GitHub token configured");
        }
        this.owner = owner;
        this.repo = repo;
        this.http = new GitHubHttp(Objects.requireNonNull(baseUrl, "baseUrl"), token.strip(),
                Objects.requireNonNull(timeout, "timeout"), Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(clock, "clock"));
        this.project = projectNumber == null ? null : new ProjectStatus(http, owner, repo, projectNumber);
    }

    @Override
    public String kind() {
        return "github";
    }

    @Override
    public String toString() {
        return "GitHubTracker[" + owner + "/" + repo + "]";
    }

    @Override
    public Page<TrackerIssue> fetchCandidates(CandidateQuery query, String cursor) {
        if (project == null && !query.states().isEmpty()
                && query.states().stream().noneMatch("open"::equalsIgnoreCase)) {
            throw new TrackerException.Invalid("GitHub issues without a project are only open or closed, and "
                    + "candidates are open issues: use the state 'open', or configure a project whose Status holds "
                    + query.states());
        }
        URI uri = cursor == null ? firstPage(query) : URI.create(cursor);
        if (!http.isOurs(uri)) {
            throw new TrackerException.Invalid("'" + cursor + "' is not a cursor of " + this);
        }
        GitHubHttp.Response response = http.exchange("GET", uri, null, "listing issues of " + owner + "/" + repo);
        JsonNode items = http.json(response, "listing issues of " + owner + "/" + repo);
        if (!items.isArray()) {
            throw new TrackerException.Unavailable("GitHub's issue list is not a JSON array", null);
        }
        List<JsonNode> issues = new ArrayList<>();
        for (JsonNode item : items) {
            // The issues endpoint lists pull requests too; GitHub's "labels=a,b" means all of them, the query
            // means any of them, so labels are matched here.
            if (!GitHubIssues.isPullRequest(item) && hasAnyLabel(item, query.labels())) {
                issues.add(item);
            }
        }
        List<TrackerIssue> candidates = withStates(issues).stream()
                .filter(issue -> query.states().isEmpty()
                        || query.states().stream().anyMatch(issue.state()::equalsIgnoreCase))
                .toList();
        return new Page<>(candidates, LinkHeader.next(response.header("link").orElse(null)).orElse(null));
    }

    @Override
    public Map<String, TrackerRead> fetchIssues(Collection<String> issueIds) {
        Map<String, TrackerRead> reads = new LinkedHashMap<>();
        Map<String, JsonNode> found = new LinkedHashMap<>();
        Boolean repoVisible = null;
        TrackerException stop = null;
        for (String id : issueIds) {
            if (stop != null) {
                // Calling on after a rate limit or a rejected token only makes things worse.
                reads.put(id, new TrackerRead.Unknown(stop));
                continue;
            }
            try {
                int number = number(id);
                GitHubHttp.Response response = http.exchange("GET", issueUrl(number, ""), null, "reading issue #"
                        + number);
                if (response.status() == 404 || response.status() == 410) {
                    // A 404 for every issue is what a repository the token lost access to looks like: only
                    // call an issue gone when the repository itself is still visible.
                    repoVisible = repoVisible == null ? repoVisible() : repoVisible;
                    reads.put(id, repoVisible ? new TrackerRead.Gone() : new TrackerRead.Unknown(
                            new TrackerException.Invalid("repository " + owner + "/" + repo
                                    + " is not visible to this token")));
                    continue;
                }
                JsonNode item = http.json(response, "reading issue #" + number);
                if (GitHubIssues.isPullRequest(item)) {
                    reads.put(id, new TrackerRead.Gone());
                    continue;
                }
                reads.put(id, null); // keeps the caller's order; filled in below
                found.put(id, item);
            } catch (TrackerException e) {
                reads.put(id, new TrackerRead.Unknown(e));
                if (e instanceof TrackerException.RateLimited || e instanceof TrackerException.AuthFailed) {
                    stop = e;
                }
            }
        }
        try {
            List<String> ids = List.copyOf(found.keySet());
            List<TrackerIssue> issues = withStates(found.values());
            for (int i = 0; i < ids.size(); i++) {
                reads.put(ids.get(i), new TrackerRead.Found(issues.get(i)));
            }
        } catch (TrackerException e) {
            // Without the project Status the state would be wrong, and a wrong state is worse than none.
            found.keySet().forEach(id -> reads.put(id, new TrackerRead.Unknown(e)));
        }
        return reads;
    }

    @Override
    public TrackerComment comment(String issueId, String body) {
        int number = number(issueId);
        String what = "commenting on issue #" + number;
        GitHubHttp.Response response = http.exchange("POST", issueUrl(number, "/comments"),
                Json.mapper().createObjectNode().put("body", body), what);
        requireIssue(response, number);
        return GitHubIssues.toComment(http.json(response, what));
    }

    @Override
    public Page<TrackerComment> fetchComments(String issueId, String cursor) {
        int number = number(issueId);
        URI uri = cursor == null ? issueUrl(number, "/comments?per_page=" + COMMENT_PAGE_SIZE) : URI.create(cursor);
        if (!http.isOurs(uri)) {
            throw new TrackerException.Invalid("'" + cursor + "' is not a cursor of " + this);
        }
        String what = "listing the comments of issue #" + number;
        GitHubHttp.Response response = http.exchange("GET", uri, null, what);
        requireIssue(response, number);
        JsonNode items = http.json(response, what);
        if (!items.isArray()) {
            throw new TrackerException.Unavailable("GitHub's comment list is not a JSON array", null);
        }
        List<TrackerComment> comments = new ArrayList<>();
        items.forEach(item -> comments.add(GitHubIssues.toComment(item)));
        return new Page<>(comments, LinkHeader.next(response.header("link").orElse(null)).orElse(null));
    }

    @Override
    public TrackerComment updateComment(String issueId, String commentId, String body) {
        if (commentId == null || !commentId.matches("[1-9][0-9]{0,18}")) {
            throw new TrackerException.Invalid("'" + commentId + "' is not a GitHub comment id");
        }
        String what = "editing comment " + commentId;
        GitHubHttp.Response response = http.exchange("PATCH", http.url("/repos/" + owner + "/" + repo
                + "/issues/comments/" + commentId), Json.mapper().createObjectNode().put("body", body), what);
        if (response.status() == 404 || response.status() == 410) {
            throw new TrackerException.Invalid("no comment " + commentId + " in " + owner + "/" + repo
                    + " (or the token cannot see it)");
        }
        return GitHubIssues.toComment(http.json(response, what));
    }

    @Override
    public void moveState(String issueId, String state) {
        int number = number(issueId);
        if (project != null) {
            project.move(number, state);
            return;
        }
        boolean close = state.equalsIgnoreCase("closed") || state.equalsIgnoreCase("done");
        ObjectNode patch = Json.mapper().createObjectNode().put("state", close ? "closed" : "open");
        String what = (close ? "closing" : "reopening") + " issue #" + number;
        GitHubHttp.Response response = http.exchange("PATCH", issueUrl(number, ""), patch, what);
        requireIssue(response, number);
        http.json(response, what);
    }

    @Override
    public void linkUrl(String issueId, String url, String title) {
        String link = title == null || title.isBlank() ? url : "[" + title + "](" + url + ")";
        comment(issueId, "Linked: " + link);
    }

    @Override
    public TrackerIssue createFollowUp(String parentIssueId, String title, String description) {
        int parent = number(parentIssueId);
        String body = (description == null || description.isBlank() ? "" : description.stripTrailing() + "\n\n")
                + "Follow-up of #" + parent;
        ObjectNode issue = Json.mapper().createObjectNode().put("title", title).put("body", body);
        JsonNode created = http.call("POST", http.url("/repos/" + owner + "/" + repo + "/issues"), issue,
                "creating a follow-up of #" + parent);
        return GitHubIssues.toIssue(created, GitHubIssues.restState(created));
    }

    /** A 404 on a write names the issue (or, for a repository the token cannot see, the repository). */
    private void requireIssue(GitHubHttp.Response response, int number) {
        if (response.status() == 404 || response.status() == 410) {
            throw new TrackerException.Invalid("no issue #" + number + " in " + owner + "/" + repo
                    + " (or the token cannot see it)");
        }
    }

    private boolean repoVisible() {
        GitHubHttp.Response response = http.exchange("GET", http.url("/repos/" + owner + "/" + repo), null,
                "reading repository " + owner + "/" + repo);
        if (response.status() == 404) {
            return false;
        }
        http.json(response, "reading repository " + owner + "/" + repo);
        return true;
    }

    /** Maps REST items to issues, with the project Status as the state when there is a project. */
    private List<TrackerIssue> withStates(Collection<JsonNode> items) {
        Map<Integer, ProjectStatus.IssueItem> statuses = project == null ? Map.of()
                : project.items(items.stream().map(GitHubIssues::number).distinct().toList());
        List<TrackerIssue> issues = new ArrayList<>();
        for (JsonNode item : items) {
            ProjectStatus.IssueItem status = statuses.get(GitHubIssues.number(item));
            String state = status != null && status.status() != null ? status.status() : GitHubIssues.restState(item);
            issues.add(GitHubIssues.toIssue(item, state));
        }
        return issues;
    }

    private URI firstPage(CandidateQuery query) {
        StringBuilder path = new StringBuilder("/repos/" + owner + "/" + repo + "/issues?state=open");
        if (query.labels().size() == 1) {
            // One label narrows server-side; several would mean "all of them" to GitHub (see fetchCandidates).
            path.append("&labels=").append(encode(query.labels().getFirst()));
        }
        return http.url(path.append("&per_page=").append(PAGE_SIZE).toString());
    }

    private URI issueUrl(int number, String suffix) {
        return http.url("/repos/" + owner + "/" + repo + "/issues/" + number + suffix);
    }

    private static boolean hasAnyLabel(JsonNode item, List<String> wanted) {
        return wanted.isEmpty() || GitHubIssues.labels(item).stream()
                .anyMatch(label -> wanted.stream().anyMatch(label::equalsIgnoreCase));
    }

    private static int number(String id) {
        String digits = id == null ? "" : id.startsWith("#") ? id.substring(1) : id;
        if (!digits.matches("[1-9][0-9]{0,9}")) {
            throw new TrackerException.Invalid("'" + id + "' is not a GitHub issue number");
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new TrackerException.Invalid("'" + id + "' is not a GitHub issue number");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
