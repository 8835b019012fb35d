package io.taskmanager.operations.control;

import io.taskmanager.protection.control.IpBans;
import io.taskmanager.protection.control.ProtectionEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Counts what protection reports (rejections, bans) and reads its count of active bans. */
@ApplicationScoped
public class ProtectionMetrics {

    @Inject
    ServiceMetrics metrics;

    @Inject
    IpBans bans;

    void countActiveBans(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // bans are shared by the cluster, so every instance reports the cluster's count
        metrics.gauge("taskmanager.bans.active", "Client addresses banned now, across the cluster", () -> bans.list().size());
    }

    void rejected(@Observes ProtectionEvents.RateLimitRejected rejection) {
        metrics.rateLimitRejected(rejection.policy());
    }

    void banned(@Observes ProtectionEvents.BanImposed ban) {
        metrics.banImposed();
    }
}
