package dev.plumbline;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The logging set-up built in code is the one {@code logback.xml} describes, and logback finds it. */
class LogConfiguratorTest {

    @Test
    void codeAndLogbackXmlConfigureTheSameLoggersAndAppender() throws Exception {
        LoggerContext fromXml = new LoggerContext();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(fromXml);
        joran.doConfigure(LogConfigurator.class.getResource("/logback.xml"));

        LoggerContext fromCode = new LoggerContext();
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(fromCode);
        assertThat(configurator.configure(fromCode)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        assertThat(describe(fromCode)).isEqualTo(describe(fromXml));
        assertThat(describe(fromCode)).containsEntry("logger dev.plumbline", "INFO").containsEntry("appender", "STDERR System.err "
                + LogConfigurator.PATTERN);
    }

    @Test
    void logbackLoadsItAsAService() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
                .contains(LogConfigurator.class.getName());
    }

    @Test
    void anExplicitConfigurationFileIsLeftToLogback() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/tmp/elsewhere.xml");
        try {
            LogConfigurator configurator = new LogConfigurator();
            LoggerContext context = new LoggerContext();
            configurator.setContext(context);
            assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }

    /** Every configured level by logger name, and the root's appenders (name, target, pattern). */
    private static Map<String, String> describe(LoggerContext context) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Logger logger : context.getLoggerList()) {
            if (logger.getLevel() != null) {
                out.put("logger " + logger.getName(), logger.getLevel().toString());
            }
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(a -> {
            ConsoleAppender<?> console = (ConsoleAppender<?>) a;
            out.put("appender", a.getName() + " " + console.getTarget() + " "
                    + ((PatternLayoutEncoder) console.getEncoder()).getPattern());
        });
        return out;
    }
}
