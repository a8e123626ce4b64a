package org.rnn4j.parity;

/**
 * The outcome of one golden-format case.
 *
 * @param name        the case name (metadata {@code case}, else the file name)
 * @param kind        {@code layer}, {@code model}, {@code tbptt}, or {@code ?} if unreadable
 * @param status      passed, failed or skipped
 * @param worstRatio  the largest {@code |got - expected| / (atol + rtol·|expected|)} over every checked
 *                    element; a case passes when it is at most 1 (NaN when nothing was compared)
 * @param worstTensor the tensor where the worst ratio occurred, or the reason for failing or skipping
 * @param detail      a one-line explanation for failures and skips, empty otherwise
 */
public record CaseResult(String name, String kind, Status status, double worstRatio, String worstTensor,
        String detail) {

    public enum Status { PASSED, FAILED, SKIPPED }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
