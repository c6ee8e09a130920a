package dev.plumbline.reconcile;

/** Shares the drift ITs' manifests with other test packages. */
public final class DriftReportITAccess {

    private DriftReportITAccess() {
    }

    public static String manifests(String namespace) {
        return DriftReportIT.manifests(namespace);
    }
}
