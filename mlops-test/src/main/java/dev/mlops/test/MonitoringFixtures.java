package dev.mlops.test;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.Table;

import java.util.List;

/** The monitoring fixtures of {@link MlopsExtension}; loaded only when a test asks for one. Stateless. */
final class MonitoringFixtures {
    private MonitoringFixtures() {
    }

    static Class<?>[] types() {
        return new Class<?>[]{DriftMonitor.class, ReferenceProfile.class};
    }

    /** The profile (or a monitor over it, registered with {@code resources}) for {@code a}, from {@code csv}. */
    static Object create(ReferenceMonitor a, Class<?> type, MlopsExtension.Resources resources, String csv) {
        Table table = Table.readCsv(csv, a.csv());
        ReferenceProfile profile = ReferenceProfile.fromTable(table, List.of(a.categorical()), List.of(a.outputs()));
        if (type == ReferenceProfile.class) {
            return profile;
        }
        // tests read results right after observe: closed windows are evaluated on the observing thread
        return resources.add(DriftMonitor.builder(profile).countWindow(a.window()).evaluateOnObservingThread().build());
    }
}
