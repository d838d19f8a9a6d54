package dev.mlops.serving.endpoint;

import dev.mlops.serving.Provenance;
import dev.mlops.serving.routing.OutputComparator;
import dev.mlops.serving.routing.RoutingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * An endpoint's listeners: any number, each added with a {@link Subscription} that removes it, each call guarded on
 * its own (a throwing listener is logged and counted, never reaches the caller or the other listeners). Thread-safe:
 * the listeners are one volatile copy-on-write array, so delivering an event takes no lock and allocates nothing.
 */
final class Listeners implements EndpointListener {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private static final EndpointListener[] NONE = new EndpointListener[0];

    private final String endpoint;
    private final LongAdder failures = new LongAdder();
    private volatile EndpointListener[] listeners = NONE;

    Listeners(String endpoint) {
        this.endpoint = endpoint;
    }

    Subscription add(EndpointListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            EndpointListener[] a = Arrays.copyOf(listeners, listeners.length + 1);
            a[a.length - 1] = listener;
            listeners = a;
        }
        return () -> remove(listener);
    }

    private synchronized void remove(EndpointListener listener) {
        EndpointListener[] a = listeners;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == listener) {
                EndpointListener[] b = new EndpointListener[a.length - 1];
                System.arraycopy(a, 0, b, 0, i);
                System.arraycopy(a, i + 1, b, i, a.length - i - 1);
                listeners = b;
                return;
            }
        }
    }

    boolean isEmpty() {
        return listeners.length == 0;
    }

    long failures() {
        return failures.sum();
    }

    private void failed(EndpointListener l, String event, RuntimeException e) {
        failures.increment();
        LOG.warn("endpoint '{}': listener {} threw on {}: {}", endpoint, l.getClass().getName(), event, e.toString());
    }

    @Override
    public void onRequest(Provenance answeredBy, long nanos, VariantStats.ErrorKind errorKind, Throwable error) {
        for (EndpointListener l : listeners) {
            try {
                l.onRequest(answeredBy, nanos, errorKind, error);
            } catch (RuntimeException e) {
                failed(l, "request", e);
            }
        }
    }

    @Override
    public void onPrediction(Provenance answeredBy, dev.mlops.serving.Inputs inputs, dev.mlops.serving.Outputs outputs) {
        for (EndpointListener l : listeners) {
            try {
                l.onPrediction(answeredBy, inputs, outputs);
            } catch (RuntimeException e) {
                failed(l, "prediction", e);
            }
        }
    }

    @Override
    public void onShadow(Provenance shadow, long nanos, OutputComparator.Comparison comparison, Throwable error) {
        for (EndpointListener l : listeners) {
            try {
                l.onShadow(shadow, nanos, comparison, error);
            } catch (RuntimeException e) {
                failed(l, "shadow", e);
            }
        }
    }

    @Override
    public void onMirrorDropped(String variant) {
        for (EndpointListener l : listeners) {
            try {
                l.onMirrorDropped(variant);
            } catch (RuntimeException e) {
                failed(l, "mirror dropped", e);
            }
        }
    }

    @Override
    public void onSwap(String variant, Provenance oldModel, Provenance newModel) {
        for (EndpointListener l : listeners) {
            try {
                l.onSwap(variant, oldModel, newModel);
            } catch (RuntimeException e) {
                failed(l, "swap", e);
            }
        }
    }

    @Override
    public void onPolicyChange(RoutingPolicy oldPolicy, RoutingPolicy newPolicy) {
        for (EndpointListener l : listeners) {
            try {
                l.onPolicyChange(oldPolicy, newPolicy);
            } catch (RuntimeException e) {
                failed(l, "policy change", e);
            }
        }
    }
}
