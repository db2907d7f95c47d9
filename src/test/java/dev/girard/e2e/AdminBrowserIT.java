package dev.girard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import dev.girard.support.PackagedGirard;
import dev.girard.support.CustomersCsv;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The admin page in real headless Chromium against the packaged server, as a marketer uses it: sign in, create
 * a monthly campaign, see its audience, edit its template and watch the preview change, send a test to
 * themselves, activate, run now, watch the progress bar reach 100%, open the report. Saves a screenshot of
 * every page under target/screenshots/ and prints the page load times the browser measured.
 */
class AdminBrowserIT {
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final String PASSWORD = "browser test password";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private PackagedGirard girard;
    private ChromeDriver browser;
    private String base;
    private final Map<String, Long> loadTimes = new LinkedHashMap<>();

    /** Writes a config file for the packaged server on a free port; returns it. */
    private Path config() throws IOException {
        int port = PackagedGirard.freePort();
        base = "http://127.0.0.1:" + port;
        Path config = dir.resolve("girard.properties");
        Files.writeString(config, "girard.http.port=" + port + "\ngirard.data.dir=" + dir.resolve("data") + "\n"
                + "girard.templates.dir=\ngirard.smtp.host=127.0.0.1\ngirard.smtp.port=" + SMTP.getSmtp().getPort()
                + "\ngirard.smtp.security=none\ngirard.timezone=Asia/Shanghai\n");
        return config;
    }

    /** Starts the packaged server with a user and customers, as a shop that imported its list would have it. */
    private void startWithAUserAndCustomers() throws Exception {
        Path config = config();
        String added = run(PASSWORD + "\n", "-c", config.toString(), "user", "add", "anna", "--role", "admin", "--password-stdin");
        assertThat(added).contains("Password set for anna");
        Path csv = dir.resolve("customers.csv");
        Files.writeString(csv, CustomersCsv.csv(CustomersCsv.rows(12)));
        run("", "-c", config.toString(), "import", "customers", csv.toString());
        serve(config);
    }

    private Path serve(Path config, String... more) {
        Path log = dir.resolve("server.log");
        List<String> args = new ArrayList<>(List.of("-c", config.toString(), "serve"));
        args.addAll(List.of(more));
        try {
            girard.serve(log, Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), Duration.ofSeconds(180), Map.of(),
                    args.toArray(String[]::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return log;
    }

    @BeforeEach
    void start_the_browser() throws Exception {
        girard = new PackagedGirard(dir);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1366,900", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        girard.close();
    }

    @Test
    void a_marketer_sets_up_a_monthly_campaign_tests_it_runs_it_and_reads_the_report() throws Exception {
        startWithAUserAndCustomers();
        // sign in
        browser.get(base + "/admin/");
        assertThat(browser.getCurrentUrl()).contains("/admin/login");
        page("login");
        browser.findElement(By.id("name")).sendKeys("anna");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/admin/"));
        page("dashboard-empty");

        // my address, where tests go
        open("/admin/settings", "settings");
        WebElement email = browser.findElement(By.id("settings-email"));
        email.clear();
        email.sendKeys("anna@shop.example");
        browser.findElement(By.id("save-settings")).click();
        waitFor(() -> browser.getCurrentUrl().contains("done=saved"));

        // a monthly campaign with a built-in segment: the audience count and the next five sends appear as you fill it in
        open("/admin/campaigns/new", "campaign-new");
        browser.findElement(By.id("name")).sendKeys("Monthly thank-you card");
        new Select(browser.findElement(By.id("segment"))).selectByValue("everyone-with-email");
        new Select(browser.findElement(By.id("template"))).selectByValue("monthly-card");
        new Select(browser.findElement(By.id("schedule"))).selectByValue("monthly");
        WebElement day = browser.findElement(By.id("day"));
        day.clear();
        day.sendKeys("5");
        new Select(browser.findElement(By.id("timeZone"))).selectByValue("Asia/Shanghai");
        WebElement holdout = browser.findElement(By.id("holdoutPercent"));
        holdout.clear();
        holdout.sendKeys("25");
        WebElement audience = waitFor(() -> browser.findElements(By.id("audience-count")).stream().findFirst().orElse(null));
        assertThat(audience.getAttribute("data-count")).isEqualTo("12");
        assertThat(audience.getText()).contains("12 customers would get it now");
        waitFor(() -> browser.findElement(By.id("schedule-preview")).getText().contains("Monthly on day 5 at 09:00"));
        assertThat(browser.findElements(By.cssSelector("#next-fires li"))).hasSize(5);
        screenshot("campaign-new-filled");
        clickOn(By.id("save-campaign"));
        waitFor(() -> browser.getCurrentUrl().contains("done=saved"));
        String campaignUrl = browser.getCurrentUrl().replaceAll("\\?.*", "");
        waitFor(() -> browser.findElements(By.id("audience-count")).size() == 1);
        assertThat(browser.findElement(By.id("schedule-words")).getText()).isEqualTo("Monthly on day 5 at 09:00 (Asia/Shanghai)");
        page("campaign");
        open("/admin/campaigns", "campaigns");

        // edit its template: the live preview follows the typing; save
        open("/admin/templates", "templates");
        open("/admin/templates/email/monthly-card", "template-editor");
        String before = waitFor(() -> text(By.id("preview-subject")));
        WebElement subject = browser.findElement(By.id("file-subject-ftl"));
        subject.clear();
        subject.sendKeys("A card for ${customer.firstName}, from all of us");
        String after = waitFor(() -> {
            String now = text(By.id("preview-subject"));
            return now != null && now.contains("from all of us") ? now : null;
        });
        assertThat(after).isNotEqualTo(before).startsWith("A card for ");
        screenshot("template-editor-changed");
        browser.findElement(By.id("save-template")).click();
        waitFor(() -> browser.getCurrentUrl().contains("done=saved"));
        subject = browser.findElement(By.id("file-subject-ftl"));
        subject.sendKeys(" <#if");
        waitFor(() -> browser.findElements(By.id("preview-error")).size() == 1);
        assertThat(browser.findElement(By.id("preview-error")).getText()).contains("subject.ftl").contains("line 1, column");
        browser.findElement(By.id("save-template")).click();
        waitFor(() -> browser.findElements(By.id("template-error")).size() == 1);
        assertThat(browser.findElement(By.id("template-error")).getText()).contains("line 1, column");
        screenshot("template-refused");
        open("/admin/templates/email/monthly-card/versions", "template-versions");

        // send a test to me: it arrives, written for the first customer, with the saved subject
        browser.get(campaignUrl);
        browser.findElement(By.id("send-test")).click();
        waitFor(() -> browser.getCurrentUrl().contains("done=testsent"));
        assertThat(SMTP.waitForIncomingEmail(30_000, 1)).isTrue();
        MimeMessage test = SMTP.getReceivedMessages()[0];
        assertThat(((InternetAddress) test.getAllRecipients()[0]).getAddress()).isEqualTo("anna@shop.example");
        assertThat(test.getSubject()).startsWith("A card for ").endsWith("from all of us");

        // activate, then run now and watch the progress bar reach 100%
        browser.findElement(By.id("activate-campaign")).click();
        waitFor(() -> browser.getCurrentUrl().contains("done=activated"));
        assertThat(browser.findElement(By.cssSelector("h1 .status")).getText()).isEqualTo("active");
        browser.findElement(By.id("run-now")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/admin/runs/"));
        screenshot("run-started");
        waitFor(() -> "100".equals(browser.findElement(By.cssSelector("#run-progress .bar")).getAttribute("data-percent"))
                && "finished".equals(browser.findElement(By.id("run-live")).getAttribute("data-status")));
        int sent = Integer.parseInt(browser.findElement(By.id("count-sent")).getText());
        int heldOut = Integer.parseInt(browser.findElement(By.id("count-heldOut")).getText());
        assertThat(sent + heldOut).isEqualTo(12);
        assertThat(heldOut).isBetween(1, 8);
        page("run-finished");
        assertThat(SMTP.waitForIncomingEmail(30_000, 1 + sent)).isTrue();
        assertThat(SMTP.getReceivedMessages()).hasSize(1 + sent);

        // the report: contacts against the holdout
        browser.get(campaignUrl);
        browser.findElement(By.id("open-report")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/admin/reports/"));
        assertThat(browser.findElement(By.id("report-sent")).getText()).isEqualTo(String.valueOf(sent));
        assertThat(browser.findElement(By.id("report-heldout")).getText()).isEqualTo(String.valueOf(heldOut));
        page("report");

        // the other pages, each once
        open("/admin/", "dashboard");
        assertThat((Boolean) ((JavascriptExecutor) browser).executeScript(
                "return typeof Chart !== 'undefined' && Chart.getChart('sends-chart') !== undefined")).isTrue();
        open("/admin/runs", "runs");
        open("/admin/reports", "reports");
        open("/admin/customers", "customers");
        browser.findElement(By.cssSelector("td a[href^='/admin/customers/']")).click();
        waitFor(() -> browser.getCurrentUrl().matches(".*/admin/customers/\\d+"));
        page("customer");
        open("/admin/customers/import", "customer-import");
        open("/admin/audit", "audit");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("campaign").contains("template").contains("anna");
        open("/admin/users", "users");

        // Chinese, from the user's setting
        browser.get(base + "/admin/settings");
        new Select(browser.findElement(By.id("settings-locale"))).selectByValue("zh");
        browser.findElement(By.id("save-settings")).click();
        waitFor(() -> browser.getCurrentUrl().contains("done=saved"));
        open("/admin/", "dashboard-zh");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("概览");
        open(campaignUrl.substring(base.length()) + "/edit", "campaign-edit-zh");

        // a tablet
        browser.manage().window().setSize(new Dimension(820, 1180));
        open(campaignUrl.substring(base.length()), "campaign-tablet-zh");
        Number overflow = (Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow.intValue()).as("no sideways scrolling on a tablet").isLessThanOrEqualTo(0);

        browser.findElement(By.id("sign-out")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/admin/login"));

        printLoadTimes("page-load-times.txt");
    }

    private void printLoadTimes(String file) throws IOException {
        StringBuilder report = new StringBuilder("page load times (Navigation Timing, load event end, ms):\n");
        loadTimes.forEach((page, ms) -> report.append(String.format("  %-26s %5d%n", page, ms)));
        System.out.print(report);
        Files.writeString(SCREENSHOTS.resolve(file), report.toString());
    }

    /**
     * The demo server as a marketer who has never seen Girard meets it: build a segment and watch the count follow
     * the conditions, save it and pick it for a campaign; set up "birthday greeting at 09:00 local time by e-mail,
     * else SMS" and see who it reaches and what each receives; a holiday card; a CSV import with its progress and
     * refused rows; the postcard as printed.
     */
    @Test
    void on_the_demo_server_a_new_marketer_builds_a_segment_a_birthday_greeting_and_imports_customers() throws Exception {
        Path log = serve(config(), "--demo");
        java.util.regex.Matcher password = java.util.regex.Pattern.compile("sign in as demo, password (\\S+)\\)")
                .matcher(waitFor(() -> {
                    String text = PackagedGirard.read(log);
                    return text.contains("sign in as demo") ? text : null;
                }));
        assertThat(password.find()).isTrue();
        browser.get(base + "/admin/");
        browser.findElement(By.id("name")).sendKeys("demo");
        browser.findElement(By.id("password")).sendKeys(password.group(1));
        browser.findElement(By.id("sign-in")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/admin/"));
        page("demo-dashboard");

        // the builder: everyone to start with; a condition on the latest purchase narrows it as you type
        open("/admin/segments", "segments");
        long everyone = settledSegmentCount();
        browser.findElement(By.cssSelector("#builder .add-condition")).click();
        new Select(lastCondition().findElement(By.cssSelector("select.field"))).selectByValue("stats.lastPurchaseAt");
        new Select(lastCondition().findElement(By.cssSelector("select.op"))).selectByValue("gte");
        new Select(lastCondition().findElement(By.cssSelector("select.unit"))).selectByValue("daysAgo");
        lastCondition().findElement(By.cssSelector("input.value")).sendKeys("30");
        waitFor(() -> browser.findElement(By.id("segment-json")).getAttribute("value").contains("\"daysAgo\": 30"));
        long lastMonth = settledSegmentCount();
        assertThat(lastMonth).isLessThan(everyone).isPositive();
        assertThat(browser.findElements(By.cssSelector("#segment-sample tbody tr"))).hasSizeBetween(1, 20);
        WebElement days = lastCondition().findElement(By.cssSelector("input.value"));
        days.sendKeys(Keys.BACK_SPACE, Keys.BACK_SPACE, "7");
        waitFor(() -> browser.findElement(By.id("segment-json")).getAttribute("value").contains("\"daysAgo\": 7"));
        assertThat(settledSegmentCount()).isLessThanOrEqualTo(lastMonth);
        // a group: any of two cities
        browser.findElement(By.cssSelector("#builder > .group > .actions .add-group")).click();
        browser.findElement(By.cssSelector("#builder .group .group .add-condition")).click();
        screenshot("segment-builder");
        browser.findElement(By.cssSelector("#builder .group .group .remove")).click();
        browser.findElement(By.id("segment-name")).sendKeys("Bought in the last week");
        clickOn(By.id("save-segment"));
        waitFor(() -> browser.getCurrentUrl().contains("done=saved"));
        page("segment-saved");
        browser.findElement(By.id("use-segment")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/admin/campaigns/new"));
        assertThat(new Select(browser.findElement(By.id("segment"))).getFirstSelectedOption().getText())
                .isEqualTo("Bought in the last week");
        page("campaign-new-saved-segment");

        // birthday greeting at 09:00 in each customer's own time zone, by e-mail, else SMS
        open("/admin/campaigns/new", "campaign-new-demo");
        browser.findElement(By.id("name")).sendKeys("Birthday greeting, local 09:00");
        new Select(browser.findElement(By.id("segment"))).selectByValue("birthday-today");
        new Select(browser.findElement(By.id("channel"))).selectByValue("email,sms");
        new Select(browser.findElement(By.id("template"))).selectByValue("birthday");
        new Select(browser.findElement(By.id("schedule"))).selectByValue("daily");
        ((JavascriptExecutor) browser).executeScript("const t = document.getElementById('time'); t.value = '09:00';"
                + " t.dispatchEvent(new Event('change', {bubbles: true}));");
        browser.findElement(By.id("local")).click();
        waitFor(() -> text(By.id("audience-count")) != null && text(By.id("audience-count")).contains("each gets it at 09:00"));
        long birthdays = count("audience-count");
        assertThat(birthdays).as("the demo has birthdays today").isPositive();
        List<WebElement> reach = browser.findElements(By.cssSelector("#audience-sample td.reach"));
        assertThat(reach).isNotEmpty();
        assertThat(reach).allSatisfy(td -> assertThat(td.getAttribute("data-channel")).isIn("email", "sms", ""));
        waitFor(() -> text(By.id("schedule-words")) != null
                && text(By.id("schedule-words")).contains("Every day at 09:00 in each customer's own time zone"));
        screenshot("campaign-birthday-filled");
        String whatTheyGet = browser.findElement(By.cssSelector("#audience-sample a.what-they-get")).getAttribute("href");
        clickOn(By.id("save-campaign"));
        waitFor(() -> browser.getCurrentUrl().contains("done=saved"));
        assertThat(browser.findElement(By.id("schedule-words")).getText())
                .isEqualTo("Every day at 09:00 in each customer's own time zone");
        waitFor(() -> browser.findElements(By.id("audience-count")).size() == 1);
        assertThat(count("audience-count")).isEqualTo(birthdays);
        page("campaign-birthday");
        browser.get(whatTheyGet);
        String subject = waitFor(() -> text(By.id("preview-subject")));
        assertThat(subject).isNotBlank();
        page("birthday-what-they-get");

        // a holiday card: choosing "on a holiday" picks the holiday segment and shows the calendar
        open("/admin/campaigns/new", "campaign-new-holiday");
        new Select(browser.findElement(By.id("schedule"))).selectByValue("holiday");
        waitFor(() -> "holiday-today".equals(new Select(browser.findElement(By.id("segment"))).getFirstSelectedOption()
                .getAttribute("value")));
        new Select(browser.findElement(By.id("holiday-region"))).selectByValue("CN");
        browser.findElement(By.cssSelector(".holiday-list[data-region=CN] input[value=spring-festival]")).click();
        browser.findElement(By.cssSelector(".holiday-list[data-region=CN] input[value=mid-autumn]")).click();
        waitFor(() -> text(By.id("schedule-words")) != null && text(By.id("schedule-words")).contains("holiday of the CN calendar"));
        screenshot("campaign-holiday");

        // a CSV import with two bad rows: the progress bar, then the refused rows to download
        Path csv = dir.resolve("new-customers.csv");
        StringBuilder rows = new StringBuilder("external_id,first_name,last_name,email,city\n");
        for (int i = 1; i <= 5000; i++) {
            String email = i == 1200 ? "not-an-address" : i == 4100 ? "<script>alert(1)</script>" : "n" + i + "@example.org";
            rows.append("N").append(i).append(",Nia,Row").append(i).append(',').append(email).append(",Hangzhou\n");
        }
        Files.writeString(csv, rows);
        open("/admin/customers/import", "customer-import-demo");
        browser.findElement(By.id("import-file")).sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.id("start-import")).click();
        waitFor(() -> browser.getCurrentUrl().matches(".*/admin/imports/\\d+"));
        page("import-progress");
        waitFor(() -> "finished".equals(browser.findElement(By.id("import-live")).getAttribute("data-status")));
        assertThat(browser.findElement(By.cssSelector("#import-progress .bar")).getAttribute("data-percent")).isEqualTo("100");
        assertThat(browser.findElement(By.id("import-failed")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("import-stored")).getText()).isEqualTo("4998");
        assertThat(browser.findElement(By.id("import-errors")).getText()).contains("1201").contains("<script>alert(1)</script>");
        screenshot("import-finished");
        String errors = (String) ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[0];"
                + " fetch(document.getElementById('download-errors').href).then(r => r.text()).then(done);");
        assertThat(errors).contains("line,column,value,reason").contains("1201,email,not-an-address");

        // the postcard as the print shop gets it, front and back, for a customer with a postal address
        open("/admin/templates/email/monthly-card", "template-editor-postcard");
        waitFor(() -> (Boolean) ((JavascriptExecutor) browser).executeScript(
                "const i = document.getElementById('postcard-image'); return i.complete && i.naturalWidth > 0;"));
        ((JavascriptExecutor) browser).executeScript("document.getElementById('postcard').scrollIntoView();");
        screenshot("postcard-preview");
        String pdf = (String) ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[0];"
                + " fetch(document.getElementById('postcard-pdf').href).then(r => r.text()).then(t => done(t.substring(0, 5)));");
        assertThat(pdf).isEqualTo("%PDF-");

        printLoadTimes("page-load-times-demo.txt");
    }

    /**
     * Presses a button with the keyboard, as a keyboard user does: on a page taller than the window, a mouse click
     * after a full-page capture can land beside the button.
     */
    private void clickOn(By by) {
        browser.findElement(by).sendKeys(Keys.ENTER);
    }

    /**
     * The segment builder's count once its preview shows the conditions as they stand: the preview follows
     * typing after a pause and a round trip, so a count read at once may be that of a half-typed condition.
     */
    private long settledSegmentCount() {
        return waitFor(() -> {
            WebElement preview = browser.findElement(By.id("segment-preview"));
            String shown = preview.getAttribute("data-params");
            String current = browser.findElement(By.id("segment-params")).getAttribute("value");
            return shown != null && shown.equals(current) && preview.getAttribute("aria-busy") == null
                    ? count("segment-count") : null;
        });
    }

    private long count(String id) {
        WebElement count = waitFor(() -> browser.findElements(By.id(id)).stream().findFirst().orElse(null));
        return Long.parseLong(count.getAttribute("data-count"));
    }

    private WebElement lastCondition() {
        List<WebElement> rows = browser.findElements(By.cssSelector("#builder .cond"));
        return rows.get(rows.size() - 1);
    }

    /** Opens a page, waits for it to load, screenshots it and records its load time. */
    private void open(String path, String name) throws IOException {
        browser.get(base + path);
        page(name);
    }

    private void page(String name) throws IOException {
        waitFor(() -> "complete".equals(((JavascriptExecutor) browser).executeScript("return document.readyState")));
        Number ms = (Number) ((JavascriptExecutor) browser).executeScript(
                "const n = performance.getEntriesByType('navigation')[0]; return n ? Math.round(n.loadEventEnd - n.startTime) : -1;");
        loadTimes.put(name, ms.longValue());
        assertThat(browser.getPageSource()).as("%s has every word translated", name).doesNotContainPattern("\\?\\?[a-z]+\\.[a-z.]+\\?\\?");
        screenshot(name);
    }

    /** The whole page, not only the window: Chrome renders beyond the viewport for the capture. */
    private void screenshot(String name) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                "return {width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight};");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    private String text(By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? null : found.get(0).getText();
    }

    private <T> T waitFor(java.util.function.Supplier<T> condition) {
        // htmx swaps parts of the page while we look: an element read a moment ago may be gone
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class).until(d -> {
                T value = condition.get();
                return value instanceof Boolean b && !b ? null : value;
            });
        } catch (TimeoutException e) {
            try {
                Files.writeString(SCREENSHOTS.resolve("failure.html"), browser.getCurrentUrl() + "\n" + browser.getPageSource());
                Files.writeString(SCREENSHOTS.resolve("failure-server.log"), PackagedGirard.read(dir.resolve("server.log")) + "\ninvalid: "
                        + ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll(':invalid')]"
                        + ".map(e => e.name + '=' + e.value + ' ' + e.validationMessage).join('; ')")
                        + "\nrequests: " + ((JavascriptExecutor) browser).executeScript("return performance.getEntriesByType('resource')"
                        + ".map(e => e.name + ' ' + Math.round(e.startTime) + '+' + Math.round(e.duration) + ' ' + e.responseStatus).join('\\n')"));
                screenshot("failure");
            } catch (IOException | RuntimeException ignored) {
                // the timeout is what matters
            }
            throw e;
        }
    }

    private String run(String input, String... args) throws Exception {
        return girard.runWithInput(input, Duration.ofSeconds(120), Map.of(), args);
    }
}
