package io.taskmanager.platform;

import io.taskmanager.support.RunningServer;
import io.taskmanager.support.TestEnvironment;
import io.taskmanager.support.WildFlyServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The smoke suite on WildFly 39 (standalone.xml), configured only by server-config/wildfly/taskmanager.cli
 * and given the same WAR the Payara runs deploy.
 */
class WildFlySmokeIT extends SmokeSuite {

    private WildFlyServer wildFly;

    @BeforeAll
    void startWildFly() {
        TestEnvironment.createDatabase("taskmanager_wildfly");
        Map<String, String> environment = new HashMap<>(TestEnvironment.serverEnvironment("taskmanager_wildfly"));
        environment.put("TASKMANAGER_ADMIN_USERNAMES", ADMIN);
        environment.putAll(identityProvider.environment());
        wildFly = WildFlyServer.start("wildfly", WAR, environment);
        wildFly.awaitDeployed(Duration.ofMinutes(4));
    }

    @AfterAll
    void stopWildFly() {
        if (wildFly != null) {
            wildFly.stop();
        }
    }

    @Override
    RunningServer server() {
        return wildFly;
    }
}
