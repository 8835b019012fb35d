package io.taskmanager.accounts.control;

import io.taskmanager.platform.StartupCheck;
import io.taskmanager.platform.StartupChecks;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * The organisation's OpenID Connect provider, when the operator names one
 * ({@code taskmanager.oidc.issuer} with {@code taskmanager.oidc.audience}): its tokens are
 * accepted beside this service's own. A half or contradictory setting refuses the start, so a
 * typo never leaves single sign-on silently off or local passwords silently on.
 */
@ApplicationScoped
public class IdentityProvider {

    static final String ISSUER = "taskmanager.oidc.issuer";
    static final String AUDIENCE = "taskmanager.oidc.audience";
    static final String ADMIN_GROUPS = "taskmanager.oidc.admin-groups";
    public static final String LOCAL_LOGIN = "taskmanager.oidc.local-login";

    @Inject
    Config config;

    private String value(String name) {
        return config.getOptionalValue(name, String.class).map(String::strip).orElse("");
    }

    /** The provider's issuer, exactly as its tokens and its discovery document name it; empty without single sign-on. */
    public Optional<String> issuer() {
        return Optional.of(value(ISSUER)).filter(issuer -> !issuer.isEmpty());
    }

    public String audience() {
        return value(AUDIENCE);
    }

    /** Groups (from the provider's {@code groups} claim) whose members are administrators here; compared exactly. */
    public Set<String> adminGroups() {
        return Arrays.stream(value(ADMIN_GROUPS).split(","))
                .map(String::strip)
                .filter(group -> !group.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** False when the operator turned local passwords off: signup, login and the reset answer 403. */
    public boolean localLogin() {
        return config.getOptionalValue(LOCAL_LOGIN, Boolean.class).orElse(true);
    }

    void requireConsistent(@Observes @Priority(3) StartupCheck check) {
        String issuer = value(ISSUER);
        String audience = value(AUDIENCE);
        if (issuer.isEmpty()) {
            if (!audience.isEmpty()) {
                throw StartupChecks.refuse(AUDIENCE + " is set but " + ISSUER + " (env TASKMANAGER_OIDC_ISSUER) is not:"
                        + " set the provider's issuer URL too, or unset the audience");
            }
            if (!localLogin()) {
                throw StartupChecks.refuse(LOCAL_LOGIN + "=false turns local passwords off, so nobody could sign in:"
                        + " set " + ISSUER + " (env TASKMANAGER_OIDC_ISSUER) and " + AUDIENCE + " too");
            }
            return;
        }
        String problem = issuerProblem(issuer);
        if (problem != null) {
            throw StartupChecks.refuse(ISSUER + " (env TASKMANAGER_OIDC_ISSUER) " + problem);
        }
        if (audience.isEmpty()) {
            throw StartupChecks.refuse("single sign-on needs the audience its tokens are issued for: set " + AUDIENCE
                    + " (env TASKMANAGER_OIDC_AUDIENCE) to this service's client id at the provider");
        }
        if (issuer.equals(config.getOptionalValue("taskmanager.jwt.issuer", String.class).orElse("task-manager"))) {
            throw StartupChecks.refuse(ISSUER + " names this service's own issuer (taskmanager.jwt.issuer): set the provider's");
        }
    }

    /**
     * Why {@code issuer} cannot be a provider's issuer, or null. Keys fetched over plain HTTP could
     * be anyone's, so only https is accepted, except on this machine's loopback.
     */
    static String issuerProblem(String issuer) {
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            return "is no URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "must be an https URL (the provider's \"issuer\")";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            return "must be a URL without query, fragment or user (OpenID Connect Discovery 1.0, section 4)";
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            return "must be an https URL: keys fetched over plain http could be anyone's (http is accepted on loopback only)";
        }
        return null;
    }

    /**
     * Why {@code location} cannot be the provider's key set, or null: the issuer's rules, except
     * that a query is allowed (Entra ID B2C names its policy in one).
     */
    static String keySetProblem(String location) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            return "is no URL";
        }
        String withoutQuery = uri.getRawQuery() == null ? location : location.substring(0, location.indexOf('?'));
        return issuerProblem(withoutQuery);
    }

    static boolean loopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        // a literal address only: no name is looked up here
        if (!bare.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
