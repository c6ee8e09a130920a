package dev.plumbline.cli;

import picocli.CommandLine;

/** Version from the jar manifest (Implementation-Version), "dev" when run from classes. */
public class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"plumbline " + (v == null ? "dev" : v)};
    }
}
