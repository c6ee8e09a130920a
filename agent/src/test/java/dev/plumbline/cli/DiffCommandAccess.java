package dev.plumbline.cli;

import dev.plumbline.reconcile.EnvironmentReport;

/** Test access to the CLI's JSON rendering of a report (the same mapper the API's documentation describes). */
public final class DiffCommandAccess {

    private DiffCommandAccess() {
    }

    public static String json(EnvironmentReport report) throws Exception {
        return DiffCommand.json().writeValueAsString(report);
    }
}
