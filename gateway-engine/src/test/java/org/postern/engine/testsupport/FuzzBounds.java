package org.postern.engine.testsupport;

import java.lang.management.ManagementFactory;

/**
 * The resource invariants every fuzz harness checks for one input: the parser returns within a
 * time bound and allocates no more than a bounded multiple of the input's size (no input may make
 * a parser hang or inflate memory). The body must be repeatable (it may run twice).
 */
public final class FuzzBounds {

    /** Work done for one input. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzBounds() {
    }

    /**
     * Runs {@code body} on this thread and fails when it took longer than {@code maxMillis} or
     * allocated more than {@code fixedBytes + perInputByte * inputLength} bytes.
     */
    public static void check(int inputLength, long maxMillis, long fixedBytes, long perInputByte, Body body) throws Exception {
        long allowed = fixedBytes + perInputByte * inputLength;
        long allocated = measure(inputLength, maxMillis, body);
        if (allocated > allowed) {
            // the first run of a code path also loads and initialises classes: measure once more
            allocated = measure(inputLength, maxMillis, body);
        }
        if (allocated > allowed) {
            throw new AssertionError("allocated " + allocated + " bytes for " + inputLength + " bytes of input (bound " + allowed + ")");
        }
    }

    private static long measure(int inputLength, long maxMillis, Body body) throws Exception {
        long thread = Thread.currentThread().threadId();
        long allocatedBefore = THREADS.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        body.run();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis > maxMillis) {
            throw new AssertionError("took " + millis + " ms for " + inputLength + " bytes of input (bound " + maxMillis + " ms)");
        }
        return allocatedBefore < 0 ? 0 : THREADS.getThreadAllocatedBytes(thread) - allocatedBefore;
    }
}
