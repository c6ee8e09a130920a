package dev.plumbline.reconcile;

/** Shares the convergence ITs' manifests with other test packages. */
public final class ConvergenceITAccess {

    private ConvergenceITAccess() {
    }

    public static String app(String image) {
        return ConvergenceIT.app(image);
    }
}
