package org.rnn4j.cli.report;

/** Puts AWT in headless mode before the first chart is drawn: no display is needed or used. */
final class Headless {

    private Headless() {
    }

    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
