package io.taskmanager.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yaml names exactly the variables the application and server-config/ read: a
 * renamed key, a typo or a forgotten new setting fails here instead of being silently ignored
 * in a container.
 */
class ContainerFilesTest {

    // a config key handed to MicroProfile Config or the environment, literally or through a constant
    private static final Pattern READ = Pattern.compile(
            "(?:@ConfigProperty\\(name\\s*=\\s*|getOptionalValue\\(|getValue\\(|getenv\\(|\\bvalue\\()\\s*(\"[^\"]+\"|[A-Z_]+)");
    private static final Pattern REQUIRED_MAIL = Pattern.compile("new String\\[] \\{([^}]*)}");
    private static final Pattern SERVER_CONFIG = Pattern.compile("\\$\\{(?:ENV\\\\?=|env\\.)([A-Z][A-Z0-9_]*)");
    private static final Pattern ENTRYPOINT_SECRETS = Pattern.compile("for name in ([A-Z_ ]+); do");
    private static final Pattern ENTRYPOINT_SETTINGS = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):-");
    // a commented line in the app's environment block, and one in the commented second instance
    private static final Pattern DOCUMENTED = Pattern.compile("(?m)^      # ([A-Z][A-Z0-9_]*): ");
    private static final Pattern SECOND_INSTANCE = Pattern.compile("(?m)^  #     ([A-Z][A-Z0-9_]*): ");

    @Test
    void payaraServerGetsTheMicrobundlesPreBootSettings() {
        List<String> micro = setCommands(text("server-config/payara/pre-boot-commands.asadmin"));
        List<String> server = setCommands(text("server-config/payara/server-pre-boot-commands.asadmin")
                .replace(".protocol.http-listener-1.", ".protocol.http-listener."));
        assertFalse(micro.isEmpty());
        assertEquals(micro, server);
    }

    private static List<String> setCommands(String asadmin) {
        return asadmin.lines().filter(line -> line.startsWith("set ")).sorted().toList();
    }

    @Test
    void composeNamesExactlyTheVariablesThatAreRead() {
        Set<String> read = new TreeSet<>(applicationVariables());
        read.addAll(serverConfigVariables());

        String compose = text("docker-compose.yaml");
        Map<String, Object> app = service(compose, "app");
        @SuppressWarnings("unchecked")
        Set<String> set = ((Map<String, Object>) app.get("environment")).keySet();
        Set<String> documented = new TreeSet<>();
        Matcher comment = DOCUMENTED.matcher(compose);
        while (comment.find()) {
            documented.add(comment.group(1));
        }

        Set<String> secrets = entrypointSecrets();
        Set<String> named = new TreeSet<>();
        Stream.concat(set.stream(), documented.stream())
                .map(name -> name.endsWith("_FILE") && secrets.contains(name.substring(0, name.length() - 5))
                        ? name.substring(0, name.length() - 5) : name)
                .forEach(named::add);
        assertEquals(read, named, "variables read (left) versus named in docker-compose.yaml (right)");
        assertTrue(set.stream().noneMatch(documented::contains), "set and commented at once: " + set);

        Matcher second = SECOND_INSTANCE.matcher(compose);
        int count = 0;
        for (; second.find(); count++) {
            String name = second.group(1);
            assertTrue(set.contains(name) || documented.contains(name), () -> "app2 sets " + name + ", which app does not name");
        }
        assertTrue(count >= 10, "the commented second instance lists its environment");
    }

    @Test
    void theSecretsTheEntrypointReadsFromFilesAreVariablesThatAreRead() {
        Set<String> read = new TreeSet<>(applicationVariables());
        read.addAll(serverConfigVariables());
        assertTrue(read.containsAll(entrypointSecrets()), () -> entrypointSecrets() + " not all within " + read);
        // the image's own knobs, kept from the base image: not application settings
        Set<String> settings = new TreeSet<>();
        Matcher setting = ENTRYPOINT_SETTINGS.matcher(text("server-config/docker/entrypoint.sh"));
        while (setting.find()) {
            settings.add(setting.group(1));
        }
        assertEquals(Set.of("MEM_MAX_RAM_PERCENTAGE", "MEM_XSS", "JVM_ARGS", "PAYARA_MICRO_JAR"), settings);
    }

    @Test
    void theImageRunsThePayaraMicroTheBuildUses() {
        String pom = text("pom.xml");
        Matcher version = Pattern.compile("<payara.micro.version>([^<]+)</payara.micro.version>").matcher(pom);
        assertTrue(version.find());
        assertTrue(text("Dockerfile").contains("\nFROM payara/micro:" + version.group(1) + "-jdk17\n"),
                "the Dockerfile's base image is not Payara Micro " + version.group(1));
    }

    @Test
    void composeHasTheDatabaseMailCatcherAndAHealthyDependency() {
        String compose = text("docker-compose.yaml");
        Map<String, Object> db = service(compose, "db");
        assertTrue(String.valueOf(db.get("image")).startsWith("postgres:17"), db::toString);
        assertTrue(db.containsKey("healthcheck"), db::toString);
        assertEquals(List.of("db-data:/var/lib/postgresql/data"), db.get("volumes"));
        assertTrue(service(compose, "mail").get("ports").toString().contains("8025"), "the mail catcher's web UI is published");
        assertEquals(Map.of("condition", "service_healthy"), ((Map<?, ?>) service(compose, "app").get("depends_on")).get("db"));
        assertTrue(Files.isRegularFile(Path.of("server-config/docker/development-only-db-password")));
    }

    /** Everything src/main/java reads from MicroProfile Config or the environment, as environment variable names. */
    static Set<String> applicationVariables() {
        Set<String> variables = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                String code = Files.readString(source);
                Map<String, String> constants = constants(code);
                Matcher read = READ.matcher(code);
                while (read.find()) {
                    String key = read.group(1);
                    key = key.startsWith("\"") ? key.substring(1, key.length() - 1) : constants.get(key);
                    if (key != null) {
                        variables.add(environmentName(key));
                    }
                }
                Matcher required = REQUIRED_MAIL.matcher(code);
                while (required.find()) {
                    for (String literal : required.group(1).split(",")) {
                        String key = literal.strip().replace("\"", "");
                        if (key.matches("[A-Z][A-Z0-9_]*")) {
                            variables.add(key);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return variables;
    }

    static Set<String> serverConfigVariables() {
        Set<String> variables = new TreeSet<>();
        for (String file : List.of("server-config/payara/post-boot-commands.asadmin", "server-config/wildfly/taskmanager.cli")) {
            String commands = text(file).lines().filter(line -> !line.strip().startsWith("#")).collect(Collectors.joining("\n"));
            Matcher reference = SERVER_CONFIG.matcher(commands);
            while (reference.find()) {
                variables.add(reference.group(1));
            }
        }
        return variables;
    }

    private static Set<String> entrypointSecrets() {
        Matcher secrets = ENTRYPOINT_SECRETS.matcher(text("server-config/docker/entrypoint.sh"));
        assertTrue(secrets.find(), "no secret list in entrypoint.sh");
        return Stream.of(secrets.group(1).trim().split(" +")).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The MicroProfile rule: upper case, every other non-alphanumeric character to '_'. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> constants(String code) {
        Map<String, String> constants = new HashMap<>();
        Matcher constant = Pattern.compile("static final String ([A-Z_]+) = \"([^\"]+)\"").matcher(code);
        while (constant.find()) {
            constants.put(constant.group(1), constant.group(2));
        }
        return constants;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String compose, String name) {
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(compose)).get("services");
        return (Map<String, Object>) services.get(name);
    }

    private static String text(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
