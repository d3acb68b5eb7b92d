package io.maskwatch.alert.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium driven by Playwright. Playwright never downloads a browser here: it starts the
 * system's {@code /usr/bin/chromium} (CI installs it; the tests skip with a message without it).
 */
final class Chromium {

  static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");

  /** Where the tests save a screenshot of every page (the module's target folder). */
  static final Path SCREENSHOTS = Paths.get("target", "screenshots");

  private Chromium() {}

  static void assumeInstalled() {
    Assumptions.assumeTrue(
        Files.isExecutable(EXECUTABLE),
        "browser tests skipped: no Chromium at "
            + EXECUTABLE
            + " (Debian: apt-get install chromium)");
  }

  static Playwright playwright() {
    return Playwright.create(
        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
  }

  static Browser launch(Playwright playwright) {
    return playwright
        .chromium()
        .launch(
            new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(
                    List.of(
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--use-fake-device-for-media-stream",
                        "--use-fake-ui-for-media-stream")));
  }

  /** A full-page screenshot under target/screenshots; answers its path. */
  static Path screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path file = SCREENSHOTS.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    return file;
  }
}
