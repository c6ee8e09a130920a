package dev.plumbline.live;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The cause of a failed API request in words a user can act on. Fabric8's own message hides it: with an answer it
 * is {@code Failure executing: GET at: … Received status: Status(…)}, without one {@code Operation: [get] for kind:
 * [ConfigMap] … failed.} with the reason three causes down (and {@code null} when that reason has no message, as
 * after an {@link OutOfMemoryError}).
 * <ul>
 *   <li>an answer: {@code HTTP 403: configmaps "x" is forbidden: User "u" cannot get …} (the API server's Status
 *       message, or its reason when it sent no message);</li>
 *   <li>no answer: {@code no answer from the API server: ConnectException: Connection refused} (the causes, named
 *       by type where they carry no message).</li>
 * </ul>
 */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static String describe(KubernetesClientException e) {
        if (e.getCode() > 0) {
            Status status = e.getStatus();
            String text = status != null && status.getMessage() != null && !status.getMessage().isBlank()
                    ? status.getMessage()
                    : status != null && status.getReason() != null ? status.getReason() : e.getMessage();
            return "HTTP " + e.getCode() + ": " + text;
        }
        return "no answer from the API server: " + root(e);
    }

    /**
     * The causes below {@code failure}, outermost first, as {@code Type: message} (or {@code Type} when it has none:
     * the JDK's HTTP client often says only {@code ConnectException} over {@code ClosedChannelException}); at most
     * three, repeated messages left out.
     */
    public static String root(Throwable failure) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        String previous = null;
        Throwable start = failure.getCause() != null ? failure.getCause() : failure;
        for (Throwable t = start; t != null && parts.size() < 3; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            boolean says = message != null && !message.isBlank() && !message.equals(previous)
                    && (t.getCause() == null || !message.equals(t.getCause().toString()));
            String type = t.getClass().getSimpleName();
            if (says || !type.equals("IOException")) {
                parts.add(says ? type + ": " + message : type);
            }
            previous = message;
        }
        return parts.isEmpty() ? failure.getClass().getSimpleName() : String.join(" / ", parts);
    }
}
