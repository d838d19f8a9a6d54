package dev.mlops.serving.routing;

/** The one unit for shares of traffic in the API: a fraction in [0, 1]. Stateless. */
final class Shares {
    private Shares() {
    }

    /** {@code value} if it is a fraction in [0, 1], else an IllegalArgumentException naming {@code what}. */
    static double check(String what, double value) {
        if (!(value >= 0 && value <= 1)) {
            String hint = value > 1 && value <= 100 ? " (shares are fractions, not percents: for " + value + " % write "
                    + value / 100 + ")" : "";
            throw new IllegalArgumentException(what + " must be a fraction within [0, 1], given " + value + hint);
        }
        return value;
    }
}
