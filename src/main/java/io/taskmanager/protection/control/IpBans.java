package io.taskmanager.protection.control;

import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.cache.Cache;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Client addresses that keep hitting the rate limits are banned for a while. Rejections
 * are counted in a token bucket per address ({@code taskmanager.ban.threshold} per
 * {@code taskmanager.ban.window}); the one that empties it bans the address.
 */
@ApplicationScoped
public class IpBans {

    private static final Logger LOG = Logger.getLogger(IpBans.class.getName());

    @Inject
    ProtectionCaches caches;

    @Inject
    Buckets buckets;

    @Inject
    Event<ProtectionEvents.BanImposed> banImposed;

    @Inject
    @ConfigProperty(name = "taskmanager.ban.threshold", defaultValue = "5")
    long threshold;

    @Inject
    @ConfigProperty(name = "taskmanager.ban.window", defaultValue = "PT10M")
    Duration window;

    @Inject
    @ConfigProperty(name = "taskmanager.ban.duration", defaultValue = "PT15M")
    Duration duration;

    public record Ban(String ip, Instant since, Instant until, String reason) {

        String encode() {
            return since.getEpochSecond() + "|" + until.getEpochSecond() + "|" + reason;
        }

        static Ban decode(String ip, String value) {
            String[] parts = value.split("\\|", 3);
            return new Ban(ip, Instant.ofEpochSecond(Long.parseLong(parts[0])), Instant.ofEpochSecond(Long.parseLong(parts[1])), parts[2]);
        }
    }

    public Optional<Ban> active(String ip) {
        String value = caches.bans().get(ip);
        if (value == null) {
            return Optional.empty();
        }
        // a banned client that keeps knocking keeps its ban among the most recently seen
        caches.banSeen(ip);
        Ban ban = Ban.decode(ip, value);
        return ban.until().isAfter(Instant.now()) ? Optional.of(ban) : Optional.empty();
    }

    /**
     * Counts one rate-limit rejection of the address; the threshold's one bans it (API.md: with
     * 5, the fifth 429 bans and the next request is 403): it takes the bucket's last token.
     */
    public void recordRejection(String ip, String limit) {
        RateLimitPolicy strikes = new RateLimitPolicy("strikes", threshold, window);
        ConsumptionProbe strike = buckets.take("strikes:" + ip, strikes);
        if (!strike.isConsumed() || strike.getRemainingTokens() == 0) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Ban ban = new Ban(ip, now, now.plus(duration), threshold + " rate-limit rejections (" + limit
                    + ") within " + window.toMinutes() + " minutes");
            boolean imposed = caches.bans().putIfAbsent(ip, ban.encode());
            caches.banSeen(ip);
            if (imposed) {
                banImposed.fire(new ProtectionEvents.BanImposed(ip));
                LOG.warning(() -> "ip banned ip=" + ip + " until=" + ban.until() + " reason=" + ban.reason());
            }
        }
    }

    public List<Ban> list() {
        List<Ban> bans = new ArrayList<>();
        Instant now = Instant.now();
        for (Cache.Entry<String, String> entry : caches.bans()) {
            Ban ban = Ban.decode(entry.getKey(), entry.getValue());
            if (ban.until().isAfter(now)) {
                bans.add(ban);
            }
        }
        bans.sort(Comparator.comparing(Ban::since).thenComparing(Ban::ip));
        return bans;
    }

    /** Lifts a ban; false when the address was not banned. */
    public boolean lift(String ip) {
        boolean lifted = caches.bans().remove(ip);
        if (lifted) {
            LOG.info(() -> "ip ban lifted ip=" + ip);
        }
        return lifted;
    }
}
