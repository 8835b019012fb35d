package io.taskmanager.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.HeadlessChromium;
import io.taskmanager.support.TestEnvironment;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browsable API page at /docs, in a real browser (Debian's chromium, headless): it renders
 * every operation of the OpenAPI document from files the WAR serves itself, a user authorises
 * with a token and tries a call. The screenshot is target/docs-page.png.
 */
class ApiDocsPageIT {

    private static final Path TARGET = Path.of(System.getProperty("taskmanager.build.dir", "target"));
    private static final Path SCREENSHOT = TARGET.resolve("docs-page.png");
    private static final Duration RENDER = Duration.ofSeconds(30);

    private static HeadlessChromium browser;
    private final URI base = TestEnvironment.service().baseUri();
    private final Api api = Api.at(base);

    @BeforeAll
    static void startTheBrowser() throws Exception {
        Optional<Path> binary = HeadlessChromium.find();
        // .ci/run installs chromium and names it in CHROMIUM, so there it must run; a machine with
        // only a JDK and Maven skips this class (reported as skipped, with this reason)
        assumeTrue(binary.isPresent() || System.getenv("CHROMIUM") != null,
                "no chromium: apt-get install --no-install-recommends chromium (Debian), or set CHROMIUM");
        browser = HeadlessChromium.launch(binary.orElseThrow(() -> new AssertionError("CHROMIUM names no program")),
                Files.createDirectories(TARGET.resolve("it-tmp")));
    }

    @AfterAll
    static void stopTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void thePageIsServedFromTheWarAndSlashlessDocsLeadsToIt() {
        Reply page = api.get("/docs/", null);
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").orElse("").startsWith("text/html"), page.headers().map()::toString);
        assertTrue(page.body().contains("swagger-ui-bundle.js"), page::body);
        assertEquals(200, api.get("/docs/swagger-ui-bundle.js", null).status());
        assertEquals(200, api.get("/docs/swagger-ui.css", null).status());

        Reply slashless = api.get("/docs", null);
        assertTrue(slashless.status() == 301 || slashless.status() == 302, () -> "GET /docs answered " + slashless.status());
        assertTrue(slashless.header("Location").orElse("").endsWith("/docs/"), slashless.headers().map()::toString);
    }

    @Test
    void everyOperationRendersAndAUserAuthorisesWithATokenAndTriesACall() throws Exception {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        String token = api.login(account);

        browser.navigate(base.resolve("/docs/").toString());

        // every operation of the document, rendered under its tag with its operationId
        Set<String> documented = documentedOperationIds();
        browser.waitFor("document.querySelectorAll('.opblock').length >= " + documented.size(), RENDER);
        Set<String> rendered = new TreeSet<>(browser.evaluate(
                "Array.from(document.querySelectorAll('.opblock .opblock-summary-operation-id')).map(e => e.textContent.trim())")
                .asJsonArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
        assertEquals(documented, rendered);

        // Authorize: paste the token into the bearer scheme's dialog
        browser.evaluate("document.querySelector('.auth-wrapper .authorize').click()");
        browser.waitFor("document.querySelector('.modal-ux input') !== null", RENDER);
        browser.evaluate("(() => { const input = document.querySelector('.modal-ux input');"
                + " Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, " + HeadlessChromium.js(token) + ");"
                + " input.dispatchEvent(new Event('input', {bubbles: true})); })()");
        browser.evaluate("document.querySelector('.modal-ux .auth-btn-wrapper button.authorize').click()");
        // authorised, the dialog offers Logout instead of Authorize
        browser.waitFor("Array.from(document.querySelectorAll('.modal-ux .auth-btn-wrapper button')).some(b => b.textContent.trim() === 'Logout')", RENDER);
        browser.evaluate("document.querySelector('.modal-ux .btn-done').click()");
        browser.waitFor("document.querySelector('.modal-ux') === null", RENDER);

        // Try it out on GET /api/users/me: the call goes to this server with the token
        String operation = "document.querySelector('#operations-Accounts-currentUser')";
        browser.evaluate(operation + ".querySelector('.opblock-summary-control').click()");
        browser.waitFor(operation + ".querySelector('.try-out__btn') !== null", RENDER);
        browser.evaluate(operation + ".querySelector('.try-out__btn').click()");
        browser.waitFor(operation + ".querySelector('.execute') !== null", RENDER);
        browser.evaluate(operation + ".querySelector('.execute').click()");
        String status = browser.waitFor(operation + "?.querySelector('.live-responses-table .response .response-col_status')?.textContent.trim()", RENDER)
                .toString().replace("\"", "");
        String body = browser.evaluateString(operation + ".querySelector('.live-responses-table .response-col_description pre').textContent");
        browser.evaluate(operation + ".scrollIntoView()");
        browser.screenshot(SCREENSHOT, false);

        assertEquals("200", status, body);
        assertTrue(body.contains("\"username\": \"" + account.username() + "\""), body);
        // nothing came from elsewhere: every resource the page loaded is this server's
        List<String> resources = browser.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
                .asJsonArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        assertTrue(resources.stream().allMatch(url -> url.startsWith(base.toString().replaceAll("/$", ""))), resources::toString);
        browser.assertNoConsoleErrors();
        assertTrue(Files.size(SCREENSHOT) > 10_000, "the screenshot is empty");
    }

    private Set<String> documentedOperationIds() {
        Reply document = api.request("GET", "/openapi").header("Accept", "application/json").send();
        assertEquals(200, document.status());
        Set<String> ids = new TreeSet<>();
        JsonObject paths = document.json().getJsonObject("paths");
        for (String path : paths.keySet()) {
            paths.getJsonObject(path).forEach((method, operation) -> {
                if (operation instanceof JsonObject op && op.containsKey("operationId")) {
                    ids.add(op.getString("operationId"));
                }
            });
        }
        return ids;
    }
}
