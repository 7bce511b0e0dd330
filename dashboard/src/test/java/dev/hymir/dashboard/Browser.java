package dev.hymir.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Debian's headless {@code chromium} driven through {@code chromedriver} (both from apt; .ci/run
 * installs them). Flags keep it off the network: without the background-networking ones it keeps
 * trying to reach Google. Each browser gets a fresh profile directory, deleted on close.
 */
final class Browser implements AutoCloseable {
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() {
        return start(1400, 1100);
    }

    /** With a window of this size (screenshots show the window). */
    static Browser start(int width, int height) {
        String chromium = find(CHROMIUM, "chromium");
        String chromedriver = find(DRIVER, "chromedriver");
        Path profile;
        try {
            profile = Files.createTempDirectory("hymir-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    private static String find(List<String> candidates, String what) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        throw new IllegalStateException("the browser tests need Debian's " + what + " (looked in " + candidates
                + "): apt-get install -y chromium chromium-driver (.ci/run installs them when missing)");
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits (at most 20 s) until the page says it has rendered once. */
    void awaitRendered() {
        until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-rendered")));
    }

    <T> T until(Function<ChromeDriver, T> condition) {
        // Live pages replace their elements on every update: an element read as it is replaced is retried.
        return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> condition.apply(driver));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The element's text; read again if the page replaced the element meanwhile (live pages do). */
    String text(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                return find(css).getText();
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves a PNG of the window under target/. */
    Path screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory left behind is harmless
            }
        }
    }
}
