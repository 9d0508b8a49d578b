package dev.orbitdock.tracker.local;

import dev.orbitdock.tracker.CandidateQuery;
import dev.orbitdock.tracker.Page;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.tracker.TrackerComment;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerIssue;
import dev.orbitdock.tracker.TrackerRead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues as Markdown files: {@code <directory>/<ID>.md}, YAML front matter ({@code title} required; {@code
 * identifier}, {@code state}, {@code labels}, {@code priority}, {@code created}, {@code url}, {@code parent}
 * optional) and the body as the description. The tracker id is the file stem. Comments go to {@code
 * .comments/<ID>.md} (see {@link CommentFile}), links to {@code .links/<ID>.md}, so the issue file itself only ever changes on its
 * {@code state:} line.
 */
public final class LocalTracker implements Tracker {
    private static final Logger log = LoggerFactory.getLogger(LocalTracker.class);

    static final int PAGE_SIZE = 50;

    private final Path directory;
    private final Clock clock;
    /**
     * Writes from this process to one directory are serialized (each mission tool call builds its own tracker);
     * other writers (an editor) are tolerated, not coordinated.
     */
    private static final Map<Path, Object> WRITE_LOCKS = new ConcurrentHashMap<>();
    private final Object writeLock;
    /** Files already warned about at this mtime, so a poll loop does not repeat the same warning. */
    private final Map<Path, FileTime> warned = new ConcurrentHashMap<>();
    /**
     * Parsed issues by file, reused while the file's version is unchanged: every poll reads every issue, and
     * parsing YAML costs far more than a stat.
     */
    private final Map<Path, Parsed> parsed = new ConcurrentHashMap<>();

    /**
     * What tells one content of a file from another without reading it. The mtime alone does not: {@code
     * moveState} keeps it on purpose, and "Todo" and "Done" are the same length; the file key (the inode) changes
     * with every atomic replace.
     */
    private record Version(FileTime modified, long size, Object fileKey) {}

    private record Parsed(Version version, TrackerIssue issue) {}

    /**
     * The matching issues the last first page was cut from: the later pages of the same query page through it
     * rather than reading and sorting the whole directory again for every 50 issues.
     */
    private record Listing(CandidateQuery query, List<TrackerIssue> matching) {}

    private volatile Listing lastListing;

    public LocalTracker(Path directory, Clock clock) {
        this.directory = directory.toAbsolutePath().normalize();
        this.clock = clock;
        this.writeLock = WRITE_LOCKS.computeIfAbsent(this.directory, d -> new Object());
    }

    @Override
    public String kind() {
        return "local";
    }

    public Path directory() {
        return directory;
    }

    @Override
    public Page<TrackerIssue> fetchCandidates(CandidateQuery query, String cursor) {
        int offset = offset(cursor);
        Listing listing = lastListing;
        if (cursor == null || listing == null || !listing.query().equals(query)) {
            listing = new Listing(query, matching(query));
            lastListing = listing;
        }
        List<TrackerIssue> matching = listing.matching();
        int end = Math.min(matching.size(), offset + PAGE_SIZE);
        List<TrackerIssue> page = offset >= matching.size() ? List.of() : matching.subList(offset, end);
        return new Page<>(page, end < matching.size() ? String.valueOf(end) : null);
    }

    private List<TrackerIssue> matching(CandidateQuery query) {
        // project and team have no meaning for a directory of files.
        return readAll().stream()
                .filter(issue -> query.states().isEmpty() || containsIgnoreCase(query.states(), issue.state()))
                .filter(issue -> query.labels().isEmpty()
                        || issue.labels().stream().anyMatch(label -> containsIgnoreCase(query.labels(), label)))
                .sorted(Comparator.comparingInt((TrackerIssue issue) -> issue.priority() == 0 ? 5 : issue.priority())
                        .thenComparing(TrackerIssue::createdAt)
                        .thenComparing(TrackerIssue::id))
                .toList();
    }

    @Override
    public Map<String, TrackerRead> fetchIssues(Collection<String> issueIds) {
        Map<String, TrackerRead> reads = new LinkedHashMap<>();
        for (String id : issueIds) {
            reads.put(id, read(id));
        }
        return reads;
    }

    @Override
    public TrackerComment comment(String issueId, String body) {
        requireIssue(issueId);
        CommentFile.Entry entry = new CommentFile.Entry(clock.instant(), null, body);
        synchronized (writeLock) {
            Path file = commentsOf(issueId);
            int position = readComments(file).size() + 1;
            append(file, CommentFile.format(entry));
            return entry.toComment(position);
        }
    }

    /** All of them on one page: a local issue's comments are one small file. */
    @Override
    public Page<TrackerComment> fetchComments(String issueId, String cursor) {
        requireIssue(issueId);
        if (cursor != null) {
            throw new TrackerException.Invalid("'" + cursor + "' is not a comment cursor of the local tracker");
        }
        List<CommentFile.Entry> entries = readComments(commentsOf(issueId));
        List<TrackerComment> comments = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            comments.add(entries.get(i).toComment(i + 1));
        }
        return new Page<>(comments, null);
    }

    @Override
    public TrackerComment updateComment(String issueId, String commentId, String body) {
        requireIssue(issueId);
        synchronized (writeLock) {
            Path file = commentsOf(issueId);
            List<CommentFile.Entry> entries = new ArrayList<>(readComments(file));
            int position = commentId != null && commentId.matches("[1-9][0-9]{0,8}") ? Integer.parseInt(commentId)
                    : 0;
            if (position < 1 || position > entries.size()) {
                throw new TrackerException.Invalid("issue " + issueId + " has no comment '" + commentId + "'");
            }
            CommentFile.Entry edited = new CommentFile.Entry(entries.get(position - 1).posted(), clock.instant(),
                    body);
            entries.set(position - 1, edited);
            try {
                AtomicFiles.replace(file, CommentFile.format(entries).getBytes(StandardCharsets.UTF_8),
                        FileTime.from(clock.instant()));
            } catch (IOException e) {
                throw new TrackerException.Unavailable("cannot rewrite " + file + ": " + e.getMessage(), e);
            }
            return edited.toComment(position);
        }
    }

    private Path commentsOf(String issueId) {
        return directory.resolve(".comments").resolve(issueId + ".md");
    }

    private static List<CommentFile.Entry> readComments(Path file) {
        try {
            return CommentFile.parse(IssueFile.decode(file.toString(), Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new TrackerException.Unavailable("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void moveState(String issueId, String state) {
        if (state == null || state.isBlank() || state.contains("\n")) {
            throw new TrackerException.Invalid("a state must be a non-empty single line, not '" + state + "'");
        }
        synchronized (writeLock) {
            Path file = requireIssue(issueId);
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                IssueText text = IssueText.split(file.toString(),
                        IssueFile.decode(file.toString(), Files.readAllBytes(file)));
                IssueFile.parse(text, issueId, null, modified.toInstant());
                String updated = text.withLine("state", "state: " + YamlText.scalar(state));
                // Belt and braces: never write a file that no longer reads back as the state we meant.
                String readBack = IssueFile.parse(IssueText.split(file.toString(), updated), issueId, null,
                        modified.toInstant()).state();
                if (!readBack.equals(state)) {
                    throw new TrackerException.Invalid(file + ": could not rewrite the state line");
                }
                // Keep the mtime: it is the creation time of files without `created:`, and so their sort order.
                AtomicFiles.replace(file, updated.getBytes(StandardCharsets.UTF_8), modified);
                parsed.remove(file); // where the file system has no file keys, nothing else would tell
            } catch (NoSuchFileException e) {
                throw noIssue(issueId);
            } catch (IOException e) {
                throw new TrackerException.Unavailable("cannot rewrite " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void linkUrl(String issueId, String url, String title) {
        requireIssue(issueId);
        Path links = directory.resolve(".links").resolve(issueId + ".md");
        String label = title == null || title.isBlank() ? url
                : title.replaceAll("\\s+", " ").strip().replace("[", "\\[").replace("]", "\\]");
        synchronized (writeLock) {
            try {
                // Idempotent by URL, like Linear attachments: a retried call must not list the link twice.
                if (Files.exists(links) && Files.readString(links).contains("](" + url + ")")) {
                    return;
                }
            } catch (IOException e) {
                throw new TrackerException.Unavailable("cannot read " + links + ": " + e.getMessage(), e);
            }
            append(links, "- [" + label + "](" + url + ")\n");
        }
    }

    @Override
    public TrackerIssue createFollowUp(String parentIssueId, String title, String description) {
        if (title == null || title.isBlank()) {
            throw new TrackerException.Invalid("a follow-up needs a title");
        }
        requireIssue(parentIssueId);
        String content = "---\n"
                + "title: " + YamlText.scalar(title) + "\n"
                + "state: " + IssueFile.DEFAULT_STATE + "\n"
                + "parent: " + YamlText.scalar(parentIssueId) + "\n"
                + "created: " + clock.instant() + "\n"
                + "---\n\n"
                + (description == null || description.isBlank() ? "" : description.stripTrailing() + "\n");
        synchronized (writeLock) {
            for (int n = highestFollowUp(parentIssueId) + 1; ; n++) {
                String id = parentIssueId + "-F" + n;
                try {
                    Files.writeString(directory.resolve(id + ".md"), content, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException taken) {
                    continue;
                } catch (IOException e) {
                    throw new TrackerException.Unavailable("cannot create " + id + ".md in " + directory + ": "
                            + e.getMessage(), e);
                }
                return readExisting(id).orElseThrow(() -> noIssue(id));
            }
        }
    }

    private TrackerRead read(String id) {
        try {
            if (!Files.isDirectory(directory)) {
                // A missing directory is more likely an unmounted disk or a typo than every issue deleted at
                // once; Gone would release every claim, so say "could not tell" instead.
                return new TrackerRead.Unknown(new TrackerException.Unavailable(
                        "issue directory " + directory + " does not exist", null));
            }
            return readExisting(id).<TrackerRead>map(TrackerRead.Found::new).orElseGet(TrackerRead.Gone::new);
        } catch (TrackerException e) {
            return new TrackerRead.Unknown(e);
        }
    }

    /** The issue, or empty when its file does not exist; malformed or unreadable files throw. */
    private Optional<TrackerIssue> readExisting(String id) {
        Path file = fileOf(id);
        try {
            return Optional.of(parse(file, id));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TrackerException.Unavailable("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private TrackerIssue parse(Path file, String id) throws IOException {
        return parse(file, id, Files.readAttributes(file, BasicFileAttributes.class));
    }

    /** The version is read before the content: a change in between is seen (and re-read) at the next poll. */
    private TrackerIssue parse(Path file, String id, BasicFileAttributes attributes) throws IOException {
        Version version = new Version(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        Parsed known = parsed.get(file);
        if (known != null && known.version().equals(version)) {
            return known.issue();
        }
        String name = file.toString();
        IssueText text = IssueText.split(name, IssueFile.decode(name, Files.readAllBytes(file)));
        TrackerIssue issue = IssueFile.parse(text, id, file.toUri().toString(), version.modified().toInstant());
        parsed.put(file, new Parsed(version, issue));
        return issue;
    }

    /** Every readable issue; a bad file is logged (once per version) and skipped so it cannot block the rest. */
    private List<TrackerIssue> readAll() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<TrackerIssue> issues = new ArrayList<>();
        Set<Path> listed = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
                file -> file.getFileName().toString().endsWith(".md"))) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    if (!attributes.isRegularFile()) {
                        continue;
                    }
                    listed.add(file);
                    issues.add(parse(file, name.substring(0, name.length() - ".md".length()), attributes));
                } catch (NoSuchFileException e) {
                    // deleted since the listing
                } catch (TrackerException | IOException e) {
                    warnOnce(file, e);
                }
            }
        } catch (IOException e) {
            throw new TrackerException.Unavailable("cannot list " + directory + ": " + e.getMessage(), e);
        }
        parsed.keySet().retainAll(listed); // deleted issues
        return issues;
    }

    private void warnOnce(Path file, Exception e) {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (IOException gone) {
            return;
        }
        if (!modified.equals(warned.put(file, modified))) {
            log.warn("skipping issue file: {}", e.getMessage());
        }
    }

    private Path requireIssue(String id) {
        Path file = fileOf(id);
        if (!Files.isRegularFile(file)) {
            throw noIssue(id);
        }
        return file;
    }

    private TrackerException.Invalid noIssue(String id) {
        return new TrackerException.Invalid("no issue " + id + " in " + directory);
    }

    /** The issue's file; ids that would name a file outside the directory are refused. */
    private Path fileOf(String id) {
        if (id == null || id.isBlank() || id.startsWith(".") || id.contains("/") || id.contains("\\")
                || id.indexOf('\0') >= 0) {
            throw new TrackerException.Invalid("'" + id + "' is not a local issue id (a file name without .md)");
        }
        Path file = directory.resolve(id + ".md");
        if (!directory.equals(file.getParent())) {
            throw new TrackerException.Invalid("'" + id + "' is not a local issue id (a file name without .md)");
        }
        return file;
    }

    private int highestFollowUp(String parentId) {
        Pattern followUp = Pattern.compile(Pattern.quote(parentId) + "-F(\\d{1,9})\\.md");
        try (var files = Files.list(directory)) {
            return files.map(file -> followUp.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max().orElse(0);
        } catch (IOException e) {
            throw new TrackerException.Unavailable("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void append(Path file, String text) {
        try {
            try {
                Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (NoSuchFileException e) { // the first comment or link: its directory is made only then
                Files.createDirectories(file.getParent());
                Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new TrackerException.Unavailable("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static int offset(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(cursor);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new TrackerException.Invalid("'" + cursor + "' is not a cursor of the local tracker");
    }

    private static boolean containsIgnoreCase(Collection<String> values, String value) {
        return values.stream().anyMatch(value::equalsIgnoreCase);
    }
}
