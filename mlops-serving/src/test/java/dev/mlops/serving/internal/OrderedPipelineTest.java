package dev.mlops.serving.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Results come out in source order, the first failure in source order wins, and no thread outlives a run. */
class OrderedPipelineTest {

    static List<String> pipelineThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("test-pipe-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private static OrderedPipeline.Source<Integer> count(int n) {
        AtomicInteger next = new AtomicInteger();
        return () -> next.get() < n ? next.getAndIncrement() : null;
    }

    @Test
    void resultsArriveInSourceOrderEvenWhenLaterItemsFinishFirst() throws Exception {
        CountDownLatch secondDone = new CountDownLatch(1);
        List<Integer> seen = new ArrayList<>();
        OrderedPipeline.run("test-pipe", 2, 4, count(200), i -> {
            if (i == 0) {
                await(secondDone); // item 0 finishes only after item 1 has
            }
            if (i == 1) {
                secondDone.countDown();
            }
            return i * 10;
        }, r -> seen.add(r));
        assertThat(seen).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(seen.get(i)).isEqualTo(i * 10);
        }
        assertThat(pipelineThreads()).isEmpty();
    }

    @Test
    void theFirstFailureInSourceOrderWinsAndLaterResultsAreDiscarded() throws Exception {
        CountDownLatch laterFailed = new CountDownLatch(1);
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> OrderedPipeline.run("test-pipe", 2, 4, count(1000), i -> {
            if (i == 6) {
                laterFailed.countDown();
                throw new IllegalStateException("item 6");
            }
            if (i == 5) {
                await(laterFailed); // item 6 fails first in time
                throw new IllegalArgumentException("item 5");
            }
            return i;
        }, r -> seen.add(r))).isInstanceOf(IllegalArgumentException.class).hasMessage("item 5");
        assertThat(seen).containsExactly(0, 1, 2, 3, 4);
        assertThat(pipelineThreads()).isEmpty();
    }

    @Test
    void aReaderFailureArrivesAfterTheItemsReadBeforeIt() {
        AtomicInteger next = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> OrderedPipeline.run("test-pipe", 3, 2, () -> {
            int i = next.getAndIncrement();
            if (i == 7) {
                throw new IOException("disk gone at item 7");
            }
            return i;
        }, i -> i, r -> seen.add(r))).isInstanceOf(IOException.class).hasMessage("disk gone at item 7");
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(pipelineThreads()).isEmpty();
    }

    @Test
    void aSinkThatSaysStopEndsTheRunWithBoundedReadAhead() throws Exception {
        AtomicInteger read = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        OrderedPipeline.run("test-pipe", 2, 3, () -> read.getAndIncrement(), i -> i, r -> {
            seen.add(r);
            return r < 9;
        });
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        // at most inFlight (3) items wait beyond the last one consumed, plus the one the reader holds
        assertThat(read.get()).isBetween(10, 10 + 3 + 1);
        assertThat(pipelineThreads()).isEmpty();
    }

    @Test
    void aSinkFailureStopsEverything() {
        assertThatThrownBy(() -> OrderedPipeline.run("test-pipe", 2, 2, count(100), i -> i, r -> {
            if (r == 3) {
                throw new IOException("disk full");
            }
            return true;
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(pipelineThreads()).isEmpty();
    }

    @Test
    void threadsAreDaemonsNamedAfterTheJob() throws Exception {
        List<Thread> during = new ArrayList<>();
        AtomicInteger endless = new AtomicInteger();
        OrderedPipeline.run("test-pipe", 2, 2, endless::getAndIncrement, i -> i, r -> {
            // the reader never runs out, so it is alive (reading or waiting for room) while the sink runs
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("test-pipe-")) {
                    during.add(t);
                }
            }
            return false;
        });
        assertThat(during).hasSize(3).allMatch(Thread::isDaemon);
        assertThat(during).extracting(Thread::getName)
                .allMatch(n -> n.matches("test-pipe-\\d+-(read|work-[01])"));
        assertThat(pipelineThreads()).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
