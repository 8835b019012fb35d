package io.taskmanager.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * Refuses to start an instance that would run insecurely or half-configured. On Payara Micro
 * a failed deployment leaves the JVM running with nothing deployed, so a refusal there ends
 * the process; on Payara Server and WildFly it fails the deployment and the server stays up.
 */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class.getName());
    /** The exit status of a refused start, distinct from a crash's. */
    static final int REFUSED = 78;
    private static final Duration EXIT_GRACE = Duration.ofSeconds(15);

    @Inject
    ServiceMode mode;

    @Inject
    Event<StartupCheck> check;

    /** The mode first, since every other check depends on it; then each part's own settings. */
    public void run() {
        mode.development();
        check.fire(new StartupCheck());
    }

    /**
     * Logs the reason as one line and returns the exception that stops the deployment. The
     * exception does not repeat the reason, so the server's stack trace of the failed
     * deployment leaves the one line the only one that says what to set.
     */
    public static IllegalStateException refuse(String reason) {
        LOG.severe("Task Manager refuses to start: " + reason);
        if (onPayaraMicro()) {
            exitSoon();
        }
        return new IllegalStateException("Task Manager refused to start; the reason is the line logged before this one");
    }

    private static boolean onPayaraMicro() {
        try {
            Class.forName("fish.payara.micro.PayaraMicro", false, ClassLoader.getSystemClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Exits from a thread of its own, so the failing deployment is not blocked by the shutdown
     * hooks; halts if those hooks hang on a lock the deployment holds.
     */
    private static void exitSoon() {
        Thread exit = new Thread(() -> {
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(EXIT_GRACE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(REFUSED);
            }, "task-manager-refusal-halt");
            halt.setDaemon(true);
            halt.start();
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                handler.flush();
            }
            System.exit(REFUSED);
        }, "task-manager-refusal-exit");
        exit.setDaemon(false);
        exit.start();
    }
}
