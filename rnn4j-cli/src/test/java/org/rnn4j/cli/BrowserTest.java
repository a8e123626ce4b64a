package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.rnn4j.cli.report.Numbers;

/**
 * The pages a user opens, in a real browser (headless chromium): a training run's report.html shows its
 * plots and its numbers, and {@code train --ui} serves a page whose curves grow while the run trains,
 * keeps its final state, and whose server is gone when the run ends.
 */
class BrowserTest {

    @TempDir
    Path dir;

    @Test
    void theReportShowsItsPlotsAndItsNumbers() throws IOException {
        Chromium.assumeInstalled();
        Path text = SmallInputs.text(dir);
        TrainedModel lm = TrainedModel.train(dir, "lm", "lm", "--data", text.toString(), "--hidden", "8", "--layers",
                "1", "--embedding", "4", "--batch", "2", "--seq-len", "8", "--steps", "30", "--validate-every", "10",
                "--quiet");
        ChromeDriver browser = Chromium.open(dir.resolve("profile"));
        try {
            browser.get(lm.dir().resolve("report.html").toUri().toString());
            List<WebElement> images = browser.findElements(By.tagName("img"));
            assertTrue(images.size() >= 3, "the loss, gradient-norm and clip-rate plots: " + images.size());
            for (WebElement img : images) {
                Object width = ((JavascriptExecutor) browser)
                        .executeScript("return arguments[0].complete ? arguments[0].naturalWidth : 0;", img);
                assertTrue(((Number) width).intValue() > 0, img.getAttribute("src") + " did not load");
            }
            String page = browser.findElement(By.tagName("body")).getText();
            JsonNode json = lm.json();
            assertTrue(page.contains(Numbers.significant(json.get("val_bpc").asDouble())),
                    "the validation figure of metrics.json on the page:\n" + page);
            assertTrue(page.contains("validation loss (bits per character)"), page);
            assertFalse(page.contains("tokens_per_s"), "a raw JSON key on the page:\n" + page);
        } finally {
            browser.quit();
        }
    }

    @Test
    void theLiveViewGrowsWhileTheRunTrainsAndStopsWithIt() throws Exception {
        Chromium.assumeInstalled();
        Path text = SmallInputs.text(dir);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        StringWriter err = new StringWriter();
        String[] args = {"train", "lm", "--data", text.toString(), "--out", dir.resolve("lm").toString(), "--hidden",
            "8", "--layers", "1", "--embedding", "4", "--batch", "2", "--seq-len", "8", "--steps", "1000000",
            "--time-budget", "8s", "--validate-every", "40", "--patience", "0", "--ui", Integer.toString(port),
            "--no-report"};
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args));
        waitForServer(port, run);
        ChromeDriver browser = Chromium.open(dir.resolve("profile"));
        try {
            browser.get("http://127.0.0.1:" + port + "/");
            // the last step drawn, not the point count: a long curve is averaged down to a fixed number of points
            double firstStep = lastStep(browser);
            int second = points(browser);
            Thread.sleep(2000);
            double secondStep = lastStep(browser);
            assertTrue(run.isDone() || secondStep > firstStep,
                    "the curve did not grow in 2 s: last step " + firstStep + " then " + secondStep);
            assertEquals(0, run.get(60, TimeUnit.SECONDS), err::toString);
            // the page fetched the final state before the server stopped
            Thread.sleep(700);
            String status = browser.findElement(By.id("status")).getText();
            assertTrue(status.startsWith("finished"), status);
            assertTrue(points(browser) >= second, "the final state keeps the curve");
            assertTrue(browser.findElement(By.id("samples")).getText().length() > 0, "an LM's samples are shown");
        } finally {
            browser.quit();
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            throw new AssertionError("the live view still serves on " + port + " after the run");
        } catch (ConnectException expected) {
            // the server stopped with the run
        }
    }

    private static double lastStep(ChromeDriver browser) {
        String n = browser.findElement(By.id("loss")).getAttribute("data-last-step");
        return n == null ? 0 : Double.parseDouble(n);
    }

    private static int points(ChromeDriver browser) {
        String n = browser.findElement(By.id("loss")).getAttribute("data-points");
        return n == null ? 0 : Integer.parseInt(n);
    }

    private static void waitForServer(int port, CompletableFuture<Integer> run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !run.isDone()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the live view never started on port " + port);
    }
}
