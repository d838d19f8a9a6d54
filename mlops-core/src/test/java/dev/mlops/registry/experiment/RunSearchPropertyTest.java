package dev.mlops.registry.experiment;

import dev.mlops.registry.Registry;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** Run search against a brute-force oracle that evaluates the same conditions on plain maps. */
class RunSearchPropertyTest {
    private static final Double[] LRS = {0.1, 0.03, 0.01, 0.003, 0.001};
    private static final String[] TEAMS = {"risk", "growth", "fraud"};
    private static Registry registry;
    private static final List<Map<String, Object>> ROWS = new ArrayList<>();

    @BeforeContainer
    static void logRuns() {
        registry = Registry.inMemory();
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 120; i++) {
            double lr = LRS[rnd.nextInt(LRS.length)];
            String team = TEAMS[rnd.nextInt(TEAMS.length)];
            double auc = Math.round(rnd.nextDouble() * 1000) / 1000.0;
            try (Run r = registry.runs().start(i % 3 == 0 ? "a" : "b")) {
                r.param("lr", lr).tag("team", team);
                if (i % 10 != 0) {
                    r.logMetric("auc", auc); // some runs lack the metric
                }
                ROWS.add(i % 10 != 0 ? Map.of("id", r.id(), "lr", lr, "team", team, "auc", auc)
                        : Map.of("id", r.id(), "lr", lr, "team", team));
            }
        }
    }

    @AfterContainer
    static void close() {
        registry.close();
    }

    /** A condition and its oracle. */
    record Cond(RunFilter filter, java.util.function.Predicate<Map<String, Object>> oracle, String text) {
    }

    @Provide
    Arbitrary<Cond> conditions() {
        Arbitrary<Cond> leaf = Arbitraries.oneOf(
                Arbitraries.of(LRS).flatMap(lr -> Arbitraries.of("lt", "le", "gt", "ge", "eq").map(op -> new Cond(
                        field(RunFilter.param("lr"), op, lr), row -> cmp(row.get("lr"), op, lr), "lr " + op + " " + lr))),
                Arbitraries.doubles().between(0, 1).ofScale(2).flatMap(a -> Arbitraries.of("lt", "ge").map(op -> new Cond(
                        field(RunFilter.metric("auc"), op, a), row -> cmp(row.get("auc"), op, a), "auc " + op + " " + a))),
                Arbitraries.subsetOf(TEAMS).ofMinSize(1).map(ts -> new Cond(RunFilter.tag("team").in(ts.toArray()),
                        row -> ts.contains(row.get("team")), "team in " + ts)));
        return Arbitraries.recursive(() -> leaf, inner -> Combinators.combine(inner, inner, Arbitraries.of(true, false))
                .as((x, y, and) -> and
                        ? new Cond(x.filter().and(y.filter()), x.oracle().and(y.oracle()), "(" + x.text() + " AND " + y.text() + ")")
                        : new Cond(x.filter().or(y.filter()), x.oracle().or(y.oracle()), "(" + x.text() + " OR " + y.text() + ")")),
                0, 3);
    }

    private static RunFilter field(RunFilter.Field f, String op, double v) {
        return switch (op) {
            case "lt" -> f.lt(v);
            case "le" -> f.le(v);
            case "gt" -> f.gt(v);
            case "ge" -> f.ge(v);
            default -> f.eq(v);
        };
    }

    private static boolean cmp(Object value, String op, double v) {
        if (value == null) {
            return false;
        }
        double x = (Double) value;
        return switch (op) {
            case "lt" -> x < v;
            case "le" -> x <= v;
            case "gt" -> x > v;
            case "ge" -> x >= v;
            default -> x == v;
        };
    }

    @Property(tries = 200)
    void searchMatchesTheBruteForceOracle(@ForAll("conditions") Cond cond,
                                          @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 30) int limit) {
        List<String> expected = ROWS.stream().filter(cond.oracle())
                .sorted(Comparator.<Map<String, Object>, Double>comparing(r -> (Double) r.get("auc"),
                        Comparator.nullsLast(Comparator.reverseOrder())))
                .map(r -> (String) r.get("id")).toList();
        List<RunInfo> got = registry.runs().search(RunQuery.where(cond.filter()).orderBy(RunFilter.metric("auc"), false).limit(limit));
        assertThat(got).as(cond.text()).hasSize(Math.min(limit, expected.size()));
        // the same set of runs, and the same ordering by auc (ties may differ in order)
        List<String> gotIds = got.stream().map(RunInfo::id).toList();
        assertThat(expected).containsAll(gotIds);
        List<Double> gotAuc = got.stream().map(r -> r.metrics().get("auc")).toList();
        List<Double> expectedAuc = ROWS.stream().filter(cond.oracle()).map(r -> (Double) r.get("auc"))
                .sorted(Comparator.nullsLast(Comparator.reverseOrder())).limit(limit).toList();
        assertThat(gotAuc).as(cond.text()).isEqualTo(expectedAuc);
        if (limit >= expected.size()) {
            assertThat(gotIds).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(got).allMatch(r -> Objects.nonNull(r.id()));
    }
}
