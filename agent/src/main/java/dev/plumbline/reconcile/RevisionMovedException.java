package dev.plumbline.reconcile;

/** An approval named a revision the branch has moved past, without {@code pin}: what was reviewed is not the head. */
public class RevisionMovedException extends ReconcileException {

    public RevisionMovedException(String environment, String approved, String head) {
        super(environment + " approval failed: the branch has moved past " + approved + " (head is " + head
                + "); approve the head, or pin " + approved + " to hold the environment there");
    }
}
