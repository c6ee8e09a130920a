package dev.plumbline;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A one-shot command ends without HotSpot's wait for threads in native code: the JDK HTTP client's selector thread
 * (blocked in epoll even after its client is closed, on Java 17) is stopped before {@code System.exit}.
 */
class PlumblineExitTest {

    @Test
    void theSelectorThreadOfAnHttpClientIsStopped() {
        Set<Thread> before = new HashSet<>(Plumbline.liveThreads());
        HttpClient client = HttpClient.newHttpClient();
        List<Thread> started = Plumbline.liveThreads().stream().filter(t -> !before.contains(t)).toList();
        assertThat(started).as("the client's own threads").extracting(Thread::getName)
                .anyMatch(name -> name.matches("HttpClient-\\d+-SelectorManager"));

        Plumbline.stopHttpSelectors(started); // only this test's client: other tests' clients stay untouched

        assertThat(started).filteredOn(t -> t.getName().endsWith("-SelectorManager"))
                .allSatisfy(t -> assertThat(t.isAlive()).as(t.getName()).isFalse());
        assertThat(client).isNotNull();
    }
}
