package dev.orbitdock.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import static dev.orbitdock.workspace.ShellQuote.quote;

/** Where a remote machine clones the mission's repo from. */
public final class RepoOrigin {
    private RepoOrigin() {}

    /** The repo's {@code origin}, which the machine can reach; a repo without one is cloned by path (same machine). */
    public static String cloneUrl(Path repo) {
        try {
            Process git = new ProcessBuilder("git", "-C", repo.toString(), "remote", "get-url", "origin")
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).strip();
            return git.waitFor() == 0 && !out.isEmpty() ? out : repo.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * {@code sh} that clones {@code url} at {@code baseBranch} into {@code workdir} and creates {@code branch} there,
     * unless a clone is already there (a repeated create). {@code gitOptions} go before {@code clone}, e.g. a
     * credential helper; empty for none. Git never prompts: a repo that wants credentials it was not given fails
     * with git's own words instead of waiting for a terminal that may be there.
     */
    public static String cloneScript(String url, String workdir, String baseBranch, String branch,
                                     String gitOptions) {
        return "test -d " + quote(workdir + "/.git") + " || { GIT_TERMINAL_PROMPT=0 git" + gitOptions
                + " clone --quiet --branch "
                + quote(baseBranch) + " " + quote(url) + " " + quote(workdir) + " && git -C " + quote(workdir)
                + " checkout --quiet -b " + quote(branch) + "; }";
    }
}
