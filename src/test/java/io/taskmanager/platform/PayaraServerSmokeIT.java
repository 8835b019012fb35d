package io.taskmanager.platform;

import io.taskmanager.support.PayaraServer;
import io.taskmanager.support.RunningServer;
import io.taskmanager.support.TestEnvironment;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The smoke suite on Payara Server 6, with the resources made by the same asadmin file the
 * microbundle runs. Only under {@code mvn -Ppayara-server verify}, which unpacks the server
 * (about 150 MB) from Maven Central; CI runs Payara Micro and WildFly.
 */
@EnabledIfSystemProperty(named = "taskmanager.payara.server.home", matches = ".+")
class PayaraServerSmokeIT extends SmokeSuite {

    private PayaraServer payara;

    @BeforeAll
    void startPayaraServer() {
        TestEnvironment.createDatabase("taskmanager_payara_server");
        Map<String, String> environment = new HashMap<>(TestEnvironment.serverEnvironment("taskmanager_payara_server"));
        environment.put("TASKMANAGER_ADMIN_USERNAMES", ADMIN);
        environment.putAll(identityProvider.environment());
        payara = PayaraServer.start("payara-server", WAR, environment);
        payara.awaitReady(Duration.ofMinutes(2));
    }

    @AfterAll
    void stopPayaraServer() {
        if (payara != null) {
            payara.stop();
        }
    }

    @Override
    RunningServer server() {
        return payara;
    }
}
