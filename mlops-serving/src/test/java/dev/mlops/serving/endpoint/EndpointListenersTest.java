package dev.mlops.serving.endpoint;

import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.Provenance;
import dev.mlops.serving.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.mlops.serving.EndpointTestModels.ONE;
import static dev.mlops.serving.EndpointTestModels.add;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One listener style: any number, each removable by its handle, each guarded on its own, the error kind given. */
class EndpointListenersTest {

    /** Records every request event as text. */
    private static final class Recorder implements EndpointListener {
        final List<String> seen = new ArrayList<>();

        @Override
        public synchronized void onRequest(Provenance answeredBy, long nanos, VariantStats.ErrorKind errorKind,
                                           Throwable error) {
            seen.add(answeredBy.variant().orElseThrow() + " " + (errorKind == null ? "ok" : errorKind.name())
                    + (error == null ? "" : " " + error.getClass().getSimpleName()));
        }

        @Override
        public synchronized void onSwap(String variant, Provenance oldModel, Provenance newModel) {
            seen.add("swap " + variant + " " + (oldModel == null ? "-" : oldModel.model()) + " -> " + newModel.model());
        }
    }

    @Test
    void aSecondListenerDoesNotReplaceTheFirstAndEachIsRemovedByItsHandle() {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        Recorder third = new Recorder();
        try (Endpoint ep = Endpoint.builder("l").variant("a", add(1)).listener(first).listener(second).build()) {
            Subscription handle = ep.addListener(third);
            ep.predict(ONE);
            handle.close();
            handle.close(); // idempotent
            ep.predict(ONE);
            assertThat(first.seen).containsExactly("a ok", "a ok");
            assertThat(second.seen).containsExactly("a ok", "a ok");
            assertThat(third.seen).containsExactly("a ok");
            ep.putVariant("a", add(2));
            assertThat(first.seen).last().isEqualTo("swap a add1 -> add2");
        }
    }

    @Test
    void aThrowingListenerIsCountedAndTheOthersStillHearEveryEvent() {
        Recorder before = new Recorder();
        Recorder after = new Recorder();
        EndpointListener bad = new EndpointListener() {
            @Override
            public void onRequest(Provenance answeredBy, long nanos, VariantStats.ErrorKind errorKind, Throwable error) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (Endpoint ep = Endpoint.builder("l").variant("a", add(1)).listener(before).listener(bad).listener(after)
                .build()) {
            for (int i = 0; i < 3; i++) {
                ep.predict(ONE);
            }
            assertThat(before.seen).hasSize(3);
            assertThat(after.seen).hasSize(3);
            assertThat(ep.listenerFailures()).isEqualTo(3);
        }
    }

    @Test
    void listenersReceiveTheErrorKindSoBindingsNeedNotReDeriveIt() {
        Recorder r = new Recorder();
        try (Endpoint ep = Endpoint.builder("l").variant("a", add(1)).listener(r).build()) {
            Inputs wrong = Inputs.of(Tensor.ofFloats(new float[]{1, 1, 1}, 1, 3));
            assertThatThrownBy(() -> ep.predict(wrong)).isInstanceOf(InvalidInputException.class);
            assertThat(r.seen).containsExactly("a INVALID_INPUT InvalidInputException");
        }
    }
}
