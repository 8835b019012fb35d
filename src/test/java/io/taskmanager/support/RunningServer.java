package io.taskmanager.support;

import java.net.URI;

/** A server the tests started with the WAR deployed: Payara Micro, WildFly or Payara Server. */
public interface RunningServer {

    /** Where the API answers ({@code /api/...}). */
    URI baseUri();

    /** Where {@code /health/...} answers: the HTTP port on Payara, the management port on WildFly. */
    default URI healthUri() {
        return baseUri();
    }

    /** Everything the server logged so far. */
    String log();

    /** Stops it by PID and removes its working files; the log stays under target/it-logs. */
    void stop();
}
