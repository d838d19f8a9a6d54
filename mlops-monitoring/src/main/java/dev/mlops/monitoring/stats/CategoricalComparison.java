package dev.mlops.monitoring.stats;

import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.SignificanceResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares category frequencies of a reference and a current sample over the union of their categories: PSI (with
 * the {@link Psi#FLOOR} flooring), Jensen–Shannon distance (base 2) and the chi-square test of homogeneity on the
 * 2×k table of counts, as {@code scipy.stats.chi2_contingency(table, correction=False)}. Categories seen only in the
 * current sample ("unseen") are kept in every statistic and reported with their count; {@code null} values are
 * missing and counted separately. With fewer than two categories in the union the chi-square statistic is 0 and its
 * p-value 1 (no evidence of a difference, as scipy reports for a degenerate table); with an empty side every
 * statistic is NaN.
 *
 * <p>Bounded state: a reference profile may keep only its most frequent categories and count the rest in one
 * "reference other" bucket; a window may track a bounded number of categories and count further values in one
 * "unseen other" bucket. The two buckets are separate categories of the comparison (a value of a rare reference
 * category and a value never seen are not the same thing), named {@value #REFERENCE_OTHER} and
 * {@value #UNSEEN_OTHER}; the unseen bucket's values count as unseen. So two samples with disjoint categories never
 * look alike, however many categories they have. {@link Result#chi2Reliable()} says whether the chi-square
 * approximation can be trusted (Cochran: at most 20 % of the expected counts below 5, none below 1).
 *
 * <p>Stateless and thread-safe.
 */
public final class CategoricalComparison {
    private CategoricalComparison() {
    }

    /**
     * The comparison's result. Thread-safe; the count arrays are shared, do not modify them.
     *
     * @param categories       the union of categories, sorted
     * @param referenceCounts  counts per category of the reference, aligned with {@code categories}
     * @param currentCounts    counts per category of the current sample, aligned with {@code categories}
     * @param psi              categorical PSI
     * @param jsDistance       Jensen–Shannon distance, base 2
     * @param chi2Statistic    chi-square statistic of the 2×k table
     * @param chi2PValue       its p-value (k − 1 degrees of freedom)
     * @param unseenCategories categories absent from the reference, sorted (the first {@value #MAX_LISTED_UNSEEN})
     * @param unseenCount      how many current values belong to unseen categories (the unseen bucket included)
     * @param chi2Reliable     whether the chi-square test's expected counts satisfy Cochran's rule
     */
    public record Result(List<String> categories, long[] referenceCounts, long[] currentCounts, double psi,
                         double jsDistance, double chi2Statistic, double chi2PValue, List<String> unseenCategories,
                         long unseenCount, boolean chi2Reliable) {
    }

    /** At most this many unseen categories are listed by name in a result (all are counted). */
    public static final int MAX_LISTED_UNSEEN = 100;
    /** The name of the bucket of reference categories a profile did not keep. */
    public static final String REFERENCE_OTHER = "(other reference categories)";
    /** The name of the bucket of current values beyond the categories a window tracks. */
    public static final String UNSEEN_OTHER = "(other unseen categories)";

    /** Counts categories of {@code values} ({@code null} skipped), in first-seen order. */
    public static Map<String, Long> frequencies(String[] values) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String v : values) {
            if (v != null) {
                m.merge(v, 1L, Long::sum);
            }
        }
        return m;
    }

    /** Compares two samples of category values ({@code null} = missing). */
    public static Result compare(String[] reference, String[] current) {
        return compare(frequencies(reference), frequencies(current));
    }

    /** Compares two frequency tables (category → count). */
    public static Result compare(Map<String, Long> reference, Map<String, Long> current) {
        return compare(reference, 0, current, 0);
    }

    /**
     * Compares two bounded frequency tables: {@code referenceOther} reference values of categories the reference did
     * not keep, {@code currentOther} current values beyond the categories the window tracked (see the class javadoc).
     */
    public static Result compare(Map<String, Long> reference, long referenceOther, Map<String, Long> current,
                                 long currentOther) {
        TreeSet<String> union = new TreeSet<>(reference.keySet());
        union.addAll(current.keySet());
        List<String> cats = new ArrayList<>(union);
        reference = new HashMap<>(reference);
        current = new HashMap<>(current);
        if (referenceOther > 0) {
            cats.add(REFERENCE_OTHER);
            reference.put(REFERENCE_OTHER, referenceOther);
            current.remove(REFERENCE_OTHER);
        }
        if (currentOther > 0) {
            cats.add(UNSEEN_OTHER);
            current.put(UNSEEN_OTHER, currentOther);
            reference.remove(UNSEEN_OTHER);
        }
        long[] r = new long[cats.size()];
        long[] c = new long[cats.size()];
        List<String> unseen = new ArrayList<>();
        long unseenCount = 0;
        long rt = 0;
        long ct = 0;
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < cats.size(); i++) {
            String k = cats.get(i);
            index.put(k, i);
            r[i] = reference.getOrDefault(k, 0L);
            c[i] = current.getOrDefault(k, 0L);
            rt += r[i];
            ct += c[i];
            if (r[i] == 0 && c[i] > 0) {
                if (unseen.size() < MAX_LISTED_UNSEEN && !UNSEEN_OTHER.equals(k)) {
                    unseen.add(k);
                }
                unseenCount += c[i];
            }
        }
        double psi = Psi.ofCounts(r, c);
        double js = JensenShannon.distance(r, c);
        double chi2;
        double p;
        boolean reliable = true;
        if (rt == 0 || ct == 0) {
            chi2 = Double.NaN;
            p = Double.NaN;
        } else {
            List<Integer> nonEmpty = new ArrayList<>();
            for (int i = 0; i < cats.size(); i++) {
                if (r[i] + c[i] > 0) {
                    nonEmpty.add(i);
                }
            }
            if (nonEmpty.size() < 2) {
                chi2 = 0;
                p = 1;
            } else {
                long[][] table = new long[2][nonEmpty.size()];
                for (int j = 0; j < nonEmpty.size(); j++) {
                    table[0][j] = r[nonEmpty.get(j)];
                    table[1][j] = c[nonEmpty.get(j)];
                }
                SignificanceResult s = ChiSquareTest.withDefaults().test(table);
                chi2 = s.getStatistic();
                p = s.getPValue();
                reliable = cochran(table, rt, ct);
            }
        }
        return new Result(List.copyOf(cats), r, c, psi, js, chi2, p, List.copyOf(unseen), unseenCount, reliable);
    }

    /** Cochran's rule for a 2×k table: no expected count below 1, at most 20 % of them below 5. */
    private static boolean cochran(long[][] table, long rt, long ct) {
        double total = rt + ct;
        int small = 0;
        int cells = 0;
        for (int j = 0; j < table[0].length; j++) {
            double col = table[0][j] + table[1][j];
            for (long rowTotal : new long[]{rt, ct}) {
                double e = rowTotal * col / total;
                cells++;
                if (e < 1) {
                    return false;
                }
                if (e < 5) {
                    small++;
                }
            }
        }
        return small <= 0.2 * cells;
    }
}
