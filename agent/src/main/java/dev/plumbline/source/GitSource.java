package dev.plumbline.source;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.URIish;

import dev.plumbline.source.SourceException.Reason;

/**
 * A Git repository as Plumbline reads it: a bare cache under {@link GitSourceOptions#cacheDir()}, cloned once and
 * then only fetched; revisions resolved against the cache; files read from commit trees ({@link CommitTree}).
 * Safe for concurrent use: fetches into one cache are serialized, resolving and reading run in parallel.
 * See the package documentation for the semantics.
 */
public final class GitSource implements AutoCloseable {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{4,40}");

    private final GitSourceOptions options;
    private final MaskedUrl url;
    private final Remote remote;
    private final BareCache cache;
    private final SourceListener listener;

    public GitSource(GitSourceOptions options) {
        this(options, SourceListener.logging());
    }

    public GitSource(GitSourceOptions options, SourceListener listener) {
        if (options.url() == null || options.url().isBlank()) {
            throw new SourceException(Reason.INVALID_CONFIG, "git source configuration failed: url is empty");
        }
        this.options = options;
        this.listener = listener;
        this.url = MaskedUrl.of(absoluteIfPath(options.url().strip()));
        this.remote = new Remote(options, url, options.cacheDir().resolve(".ssh-home"));
        this.cache = new BareCache(BareCache.directoryFor(options.cacheDir(), url), url,
                repo -> remote.fetch(repo, new ProgressLines("cloning " + url, listener)),
                listener, options.timeouts().lock().toMillis());
    }

    /** A local path becomes absolute, so the cache name does not depend on the working directory. */
    private static String absoluteIfPath(String url) {
        try {
            URIish uri = new URIish(url);
            if (uri.getScheme() == null && uri.getHost() == null) {
                return Path.of(url).toAbsolutePath().normalize().toString();
            }
        } catch (URISyntaxException e) {
            // Remote reports the invalid URL with its proper message
        }
        return url;
    }

    public MaskedUrl url() {
        return url;
    }

    public String branch() {
        return options.branch();
    }

    /** The bare cache folder of this source. */
    public Path cacheDirectory() {
        return cache.directory();
    }

    /** The followed branch's commit SHA at the remote (ls-remote, no fetch); empty if the branch does not exist. */
    public Optional<String> remoteHead() {
        return remote.head(options.branch()).map(ObjectId::name);
    }

    /** Whether the followed branch is no longer at {@code lastSha} (or is gone); one ls-remote, no fetch. */
    public boolean changed(String lastSha) {
        return remoteHead().map(head -> !head.equals(lastSha)).orElse(true);
    }

    /**
     * Brings the cache up to date with the followed branch and returns the branch's commit. Fetches only when the
     * remote branch is not where the cache has it; clones on first use; re-clones a corrupt cache once.
     */
    public Revision sync() {
        String branch = options.branch();
        String head = remoteHead().orElseThrow(() -> new SourceException(Reason.UNKNOWN_REVISION,
                "git ls-remote " + url + " failed: branch '" + branch + "' does not exist"));
        return cache.update(repo -> {
            Ref cached = repo.exactRef(Constants.R_HEADS + branch);
            if (cached != null && cached.getObjectId().name().equals(head)) {
                return describe(repo, cached.getObjectId(), branch); // nothing new; also proves the objects are readable
            }
            fetch(repo);
            Ref ref = repo.exactRef(Constants.R_HEADS + branch);
            if (ref == null) {
                throw new SourceException(Reason.UNKNOWN_REVISION,
                        "git fetch " + url + " failed: branch '" + branch + "' was deleted during the fetch");
            }
            return describe(repo, ref.getObjectId(), branch);
        });
    }

    /**
     * A branch, tag ({@code refs/...} also), full SHA or unambiguous short SHA (at least 4 characters) as a commit.
     * Answers from the cache; only a revision the cache does not know triggers a fetch. Branches are therefore as
     * fresh as the last fetch: call {@link #sync()} to follow a branch.
     */
    public Revision resolve(String rev) {
        if (rev == null || rev.isBlank()) {
            throw new SourceException(Reason.UNKNOWN_REVISION, "git resolve in " + url + " failed: empty revision");
        }
        String wanted = rev.strip();
        return readOrFetch(wanted, repo -> lookup(repo, wanted));
    }

    /** The tree of a commit, for reading files. Fetches if the commit is not in the cache (yet). */
    public CommitTree tree(Revision revision) {
        ObjectId id = ObjectId.fromString(revision.sha());
        return readOrFetch(revision.sha(), repo -> {
            if (!repo.getObjectDatabase().has(id)) {
                return Optional.empty();
            }
            try (RevWalk walk = new RevWalk(repo)) {
                return Optional.of(new CommitTree(repo, revision, walk.parseCommit(id).getTree().getId()));
            }
        });
    }

    /** Shorthand for {@code tree(resolve(rev))}. */
    public CommitTree tree(String rev) {
        return tree(resolve(rev));
    }

    private <T> T readOrFetch(String rev, BareCache.CacheAction<Optional<T>> lookup) {
        Optional<T> known = cache.read(lookup);
        if (known.isPresent()) {
            return known.get();
        }
        return cache.update(repo -> {
            fetch(repo);
            return lookup.apply(repo);
        }).orElseThrow(() -> new SourceException(Reason.UNKNOWN_REVISION, "git resolve '" + rev + "' in " + url
                + " failed: unknown revision (not a branch, tag or commit of this repository)"));
    }

    private void fetch(Repository repo) {
        listener.progress("fetching " + url);
        remote.fetch(repo, new ProgressLines("fetching " + url, listener));
    }

    private Optional<Revision> lookup(Repository repo, String rev) throws IOException {
        List<String> names = rev.startsWith(Constants.R_REFS) ? List.of(rev)
                : List.of(Constants.R_HEADS + rev, Constants.R_TAGS + rev);
        for (String name : names) {
            Ref ref = repo.exactRef(name);
            if (ref != null) {
                return Optional.of(describe(repo, ref.getObjectId(), rev));
            }
        }
        if (!HEX.matcher(rev).matches()) {
            return Optional.empty();
        }
        Optional<ObjectId> commit = commitBySha(repo, rev.toLowerCase(Locale.ROOT));
        return commit.isPresent() ? Optional.of(describe(repo, commit.get(), rev)) : Optional.empty();
    }

    private Optional<ObjectId> commitBySha(Repository repo, String hex) throws IOException {
        if (hex.length() == Constants.OBJECT_ID_STRING_LENGTH) {
            ObjectId id = ObjectId.fromString(hex);
            return repo.getObjectDatabase().has(id) ? Optional.of(id) : Optional.empty();
        }
        try (ObjectReader reader = repo.newObjectReader()) {
            List<ObjectId> commits = new ArrayList<>();
            for (ObjectId id : reader.resolve(AbbreviatedObjectId.fromString(hex))) {
                if (reader.open(id).getType() == Constants.OBJ_COMMIT) {
                    commits.add(id);
                }
            }
            if (commits.size() > 1) {
                throw new SourceException(Reason.UNKNOWN_REVISION, "git resolve '" + hex + "' in " + url
                        + " failed: short SHA is ambiguous (" + commits.size() + " commits match); give more characters");
            }
            return commits.stream().findFirst();
        }
    }

    /** Reads the commit (peeling annotated tags) and checks its root tree is present: a cheap corruption probe. */
    private Revision describe(Repository repo, ObjectId id, String ref) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(id);
            if (!repo.getObjectDatabase().has(commit.getTree())) {
                throw new MissingObjectException(commit.getTree(), Constants.OBJ_TREE);
            }
            PersonIdent author = commit.getAuthorIdent();
            String message = commit.getFullMessage();
            int eol = message.indexOf('\n');
            return new Revision(commit.name(), commit.name().substring(0, 7), author.getName(), author.getEmailAddress(),
                    commit.getCommitterIdent().getWhenAsInstant(), (eol < 0 ? message : message.substring(0, eol)).strip(), ref);
        } catch (IncorrectObjectTypeException e) {
            throw new SourceException(Reason.UNKNOWN_REVISION, "git resolve '" + ref + "' in " + url
                    + " failed: " + id.name() + " is not a commit", e);
        }
    }

    @Override
    public void close() {
        cache.close();
        remote.close();
    }
}
