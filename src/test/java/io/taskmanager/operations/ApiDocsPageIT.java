package io.taskmanager.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browsable API page at /docs, in a real browser (Debian's chromium, headless, driven by
 * Selenium through Debian's chromedriver): it renders every operation of the OpenAPI document
 * from files the WAR serves itself, a user authorises with a token and tries a call. The
 * screenshot is target/docs-page.png.
 */
class ApiDocsPageIT {

    private static final Path TARGET = Path.of(System.getProperty("taskmanager.build.dir", "target"));
    private static final Path SCREENSHOT = TARGET.resolve("docs-page.png");
    private static final Duration RENDER = Duration.ofSeconds(30);

    private static ChromeDriver browser;
    private final URI base = TestEnvironment.service().baseUri();
    private final Api api = Api.at(base);

    @BeforeAll
    static void startTheBrowser() throws Exception {
        Optional<Path> chromium = program("CHROMIUM", "chromium", "chromium-browser");
        Optional<Path> chromedriver = program("CHROMEDRIVER", "chromedriver");
        // .ci/run installs both and names chromium in CHROMIUM, so there this must run; a machine
        // with only a JDK and Maven skips this class (reported as skipped, with this reason)
        assumeTrue(System.getenv("CHROMIUM") != null || chromium.isPresent() && chromedriver.isPresent(),
                "no chromium and chromedriver: apt-get install --no-install-recommends chromium chromium-driver (Debian),"
                        + " or set CHROMIUM and CHROMEDRIVER");
        Path profile = Files.createTempDirectory(Files.createDirectories(TARGET.resolve("it-tmp")), "chromium-");
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium.orElseThrow(() -> new AssertionError("CHROMIUM names no program")).toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1280,1600", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.orElseThrow(() -> new AssertionError("no chromedriver: set CHROMEDRIVER")).toFile())
                .usingAnyFreePort()
                .withLogFile(Files.createDirectories(TARGET.resolve("it-logs")).resolve("chromedriver.log").toFile())
                .build();
        browser = new ChromeDriver(driver, options);
    }

    @AfterAll
    static void stopTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** {@code $variable} when set (a wrong one fails rather than falling back), else the first name on the PATH or in /usr/bin. */
    private static Optional<Path> program(String variable, String... names) {
        String named = System.getenv(variable);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isExecutable);
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        return Stream.of(names)
                .flatMap(name -> dirs.stream().filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
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

        browser.get(base.resolve("/docs/").toString());
        WebDriverWait wait = new WebDriverWait(browser, RENDER);

        // every operation of the document, rendered under its tag with its operationId
        Set<String> documented = documentedOperationIds();
        wait.until(page -> page.findElements(By.cssSelector(".opblock")).size() >= documented.size());
        Set<String> rendered = new TreeSet<>();
        for (WebElement id : browser.findElements(By.cssSelector(".opblock .opblock-summary-operation-id"))) {
            rendered.add(id.getDomProperty("textContent").trim());
        }
        assertEquals(documented, rendered);

        // Authorize: type the token into the bearer scheme's dialog
        browser.findElement(By.cssSelector(".auth-wrapper .authorize")).click();
        wait.until(page -> !page.findElements(By.cssSelector(".modal-ux input")).isEmpty());
        browser.findElement(By.cssSelector(".modal-ux input")).sendKeys(token);
        browser.findElement(By.cssSelector(".modal-ux .auth-btn-wrapper button.authorize")).click();
        // authorised, the dialog offers Logout instead of Authorize
        wait.until(page -> page.findElements(By.cssSelector(".modal-ux .auth-btn-wrapper button")).stream()
                .anyMatch(button -> button.getText().trim().equals("Logout")));
        browser.findElement(By.cssSelector(".modal-ux .btn-done")).click();
        wait.until(page -> page.findElements(By.cssSelector(".modal-ux")).isEmpty());

        // Try it out on GET /api/users/me: the call goes to this server with the token
        WebElement operation = browser.findElement(By.id("operations-Accounts-currentUser"));
        operation.findElement(By.cssSelector(".opblock-summary-control")).click();
        wait.until(page -> !operation.findElements(By.cssSelector(".try-out__btn")).isEmpty());
        operation.findElement(By.cssSelector(".try-out__btn")).click();
        wait.until(page -> !operation.findElements(By.cssSelector(".execute")).isEmpty());
        operation.findElement(By.cssSelector(".execute")).click();
        String status = wait.until(page -> operation.findElements(By.cssSelector(".live-responses-table .response .response-col_status"))
                .stream().map(cell -> cell.getDomProperty("textContent").trim()).filter(text -> !text.isEmpty()).findFirst().orElse(null));
        String body = operation.findElement(By.cssSelector(".live-responses-table .response-col_description pre")).getDomProperty("textContent");
        browser.executeScript("arguments[0].scrollIntoView()", operation);
        Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));

        assertEquals("200", status, body);
        assertTrue(body.contains("\"username\": \"" + account.username() + "\""), body);
        // nothing came from elsewhere: every resource the page loaded is this server's
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) ((JavascriptExecutor) browser)
                .executeScript("return performance.getEntriesByType('resource').map(e => e.name)");
        assertTrue(resources.stream().allMatch(url -> url.startsWith(base.toString().replaceAll("/$", ""))), resources::toString);
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
        assertTrue(errors.isEmpty(), () -> "browser console errors:\n  " + String.join("\n  ", errors));
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
