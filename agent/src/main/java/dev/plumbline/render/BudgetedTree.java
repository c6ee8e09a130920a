package dev.plumbline.render;

import dev.plumbline.resource.RepoTree;

import java.util.List;

/** The repository as one render sees it: every file read is charged to the render's {@link BudgetMeter} first. */
final class BudgetedTree implements RepoTree {

    private final RepoTree tree;
    private final BudgetMeter meter;

    BudgetedTree(RepoTree tree, BudgetMeter meter) {
        this.tree = tree;
        this.meter = meter;
    }

    @Override
    public String revision() {
        return tree.revision();
    }

    @Override
    public boolean isFile(String path) {
        return tree.isFile(path);
    }

    @Override
    public boolean isDirectory(String path) {
        return tree.isDirectory(path);
    }

    @Override
    public List<String> list(String directory) {
        return tree.list(directory);
    }

    /** Charged by size before the content is loaded: a blob Git compresses 1000:1 is refused unread. */
    @Override
    public byte[] read(String path) {
        meter.bytes(RepoTree.normalize(path), tree.size(path));
        return tree.read(path);
    }

    @Override
    public long size(String path) {
        return tree.size(path);
    }
}
