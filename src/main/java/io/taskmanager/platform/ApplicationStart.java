package io.taskmanager.platform;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Whether the web application has started: its context is initialized, which the server does
 * only after the schema migration, the start-up checks and the protection caches (all run
 * while the application deploys). Payara answers /health/ready from outside the WAR as soon as
 * the WAR's health checks are known, a second or so before its web context serves requests;
 * readiness waits for this instead (DatabaseReadiness).
 */
@WebListener
public class ApplicationStart implements ServletContextListener {

    private static volatile boolean started;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        started = true;
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        started = false;
    }

    public static boolean started() {
        return started;
    }
}
