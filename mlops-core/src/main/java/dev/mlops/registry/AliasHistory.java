package dev.mlops.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The full, ordered history of one alias, as read from the store. {@link #problems()} lists what is wrong with the hash
 * chain (an edited, missing or reordered entry); an empty list means the chain is intact. Immutable and thread-safe.
 *
 * @param model    the model
 * @param alias    the alias
 * @param moves    every move, oldest first
 * @param problems hash-chain problems found while reading (empty when the history verifies)
 */
public record AliasHistory(String model, String alias, List<AliasMove> moves, List<String> problems) {
    public AliasHistory {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(alias, "alias");
        moves = List.copyOf(moves);
        problems = List.copyOf(problems);
    }

    /** Whether the hash chain verifies. */
    public boolean isIntact() {
        return problems.isEmpty();
    }

    /** The latest move, if any. */
    public Optional<AliasMove> latest() {
        return moves.isEmpty() ? Optional.empty() : Optional.of(moves.get(moves.size() - 1));
    }

    /**
     * Checks a list of moves offline: sequence numbers 1..n without gaps, each entry's previous hash equal to the
     * previous entry's hash, each move starting where the previous one ended, and times that never go back.
     */
    public static List<String> verifyChain(List<AliasMove> moves) {
        List<String> out = new ArrayList<>();
        AliasMove prev = null;
        for (AliasMove m : moves) {
            long expectedSeq = prev == null ? 1 : prev.sequence() + 1;
            if (m.sequence() != expectedSeq) {
                out.add("entry " + m.sequence() + ": expected sequence " + expectedSeq);
            }
            if (prev == null) {
                if (m.previousHash().isPresent()) {
                    out.add("entry " + m.sequence() + ": the first entry must not name a previous hash");
                }
            } else {
                if (m.previousHash().isEmpty() || !m.previousHash().get().equals(prev.hash())) {
                    out.add("entry " + m.sequence() + ": previous hash " + m.previousHash().map(Object::toString).orElse("(none)")
                            + " does not match entry " + prev.sequence() + "'s hash " + prev.hash()
                            + " (an entry was edited, removed or inserted)");
                }
                if (!m.from().equals(prev.to())) {
                    out.add("entry " + m.sequence() + ": moves from " + m.from() + " but entry " + prev.sequence()
                            + " left the alias at " + prev.to());
                }
                if (m.at().isBefore(prev.at())) {
                    out.add("entry " + m.sequence() + ": time " + m.at() + " is before the previous entry's " + prev.at());
                }
            }
            prev = m;
        }
        return out;
    }
}
