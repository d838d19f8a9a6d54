package dev.mlops.registry.spi;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "models", "models/iris", "models/iris/versions/12", "a.b_c-d/0", "0/1/2",
            "v1.2.3", "x..y"})
    void acceptsWellFormedKeys(String key) {
        assertThat(Names.checkKey(key)).isEqualTo(key);
        assertThat(Names.isValidKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../etc/passwd", "a/../b", "a/./b", "a/..", ".hidden", "-x", "_x"})
    void refusesDotSegmentsAndSegmentsNotStartingWithALetterOrDigit(String key) {
        assertThatThrownBy(() -> Names.checkKey(key)).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("must start with a-z or 0-9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "/a", "a/", "a//b", "/"})
    void refusesAbsolutePathsAndEmptySegments(String key) {
        assertThatThrownBy(() -> Names.checkKey(key)).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("empty segment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\b", "x\\..", "C:\\x", "c:x", "a b", "A", "Models", "iris/V1", "a*b", "a?b", "a\"b",
            "a<b", "a>b", "a|b", "\u00e4", "a\u2215b", "a\uff0eb"})
    void refusesForeignSeparatorsUpperCaseAndOtherCharacters(String key) {
        assertThatThrownBy(() -> Names.checkKey(key)).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("may contain only a-z, 0-9");
    }

    @Test
    void refusesNulAndControlCharactersAndShowsThemEscaped() {
        assertThatThrownBy(() -> Names.checkKey("a\u0000b")).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("control character U+0000")
                .hasMessageContaining("'a\\u0000b'");
        for (char c = 1; c < 0x20; c++) {
            String key = "a" + c;
            assertThatThrownBy(() -> Names.checkKey(key)).isInstanceOf(InvalidNameException.class)
                    .hasMessageContaining(String.format("U+%04X", (int) c));
        }
        assertThatThrownBy(() -> Names.checkKey("a\u007f")).hasMessageContaining("U+007F");
    }

    @Test
    void refusesSegmentsOver200AndKeysOver1024Characters() {
        assertThat(Names.isValidKey("x".repeat(200))).isTrue();
        assertThatThrownBy(() -> Names.checkKey("x".repeat(201))).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("at most 200");
        // 255+ bytes: over every common file-name limit
        assertThatThrownBy(() -> Names.checkKey("a".repeat(256))).isInstanceOf(InvalidNameException.class);
        String longKey = String.join("/", java.util.Collections.nCopies(6, "y".repeat(170)));
        assertThat(longKey).hasSize(1025);
        assertThatThrownBy(() -> Names.checkKey(longKey)).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("1-1024 characters, found 1025");
        assertThatThrownBy(() -> Names.checkKey("")).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void messagesOfHugeNamesAreAbbreviated() {
        assertThatThrownBy(() -> Names.checkKey("Z".repeat(5000)))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400).contains("..."));
    }

    @Test
    void nullNamesAreProgrammerErrors() {
        assertThatNullPointerException().isThrownBy(() -> Names.checkKey(null));
        assertThatNullPointerException().isThrownBy(() -> Names.checkCollection(null));
        assertThatNullPointerException().isThrownBy(() -> Names.checkPrefix(null));
        assertThat(Names.isValidKey(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"models", "a", "pipeline-runs", "x_1", "a23456789012345678901234567890123456789012345678901234567890123"})
    void acceptsWellFormedCollections(String collection) {
        assertThat(Names.checkCollection(collection)).isEqualTo(collection);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Models", "1abc", "-a", "a.b", "a/b", "../x", "a b", "a\u0000",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void refusesMalformedCollections(String collection) {
        assertThatThrownBy(() -> Names.checkCollection(collection)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void prefixesMayBeEmptyEndWithSlashOrCutASegmentShort() {
        assertThat(Names.checkPrefix("")).isEmpty();
        assertThat(Names.checkPrefix("models/")).isEqualTo("models/");
        assertThat(Names.checkPrefix("models/ir")).isEqualTo("models/ir");
        assertThatThrownBy(() -> Names.checkPrefix("/")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> Names.checkPrefix("models//")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> Names.checkPrefix("../")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> Names.checkPrefix("Models/")).isInstanceOf(InvalidNameException.class);
    }

    @Property(tries = 500)
    void anyKeyWithACharacterOutsideTheAlphabetIsRefused(@ForAll("keysWithAForeignCharacter") String key) {
        assertThat(Names.isValidKey(key)).isFalse();
    }

    @Property(tries = 500)
    void everyAcceptedKeyIsARelativePathThatStaysWhereItIs(@ForAll("anyShortStrings") String key) {
        if (!Names.isValidKey(key)) {
            return;
        }
        java.nio.file.Path p = java.nio.file.Path.of("root").resolve(key);
        assertThat(p.normalize()).isEqualTo(p);
        assertThat(p.startsWith("root")).isTrue();
        assertThat(key).isEqualTo(key.toLowerCase(java.util.Locale.ROOT));
    }

    @Provide
    Arbitrary<String> keysWithAForeignCharacter() {
        Arbitrary<String> valid = Arbitraries.strings().withChars("abz09._-").ofMinLength(1).ofMaxLength(10)
                .map(s -> "a" + s);
        Arbitrary<Character> foreign = Arbitraries.chars().all()
                .filter(c -> !Names.isSegmentChar(c) && c != '/');
        return net.jqwik.api.Combinators.combine(valid, foreign, Arbitraries.integers().between(0, 20))
                .as((v, c, at) -> v.substring(0, Math.min(at, v.length())) + c + v.substring(Math.min(at, v.length())));
    }

    @Provide
    Arbitrary<String> anyShortStrings() {
        return Arbitraries.strings().withChars("ab0./-_\\:A \u0000").ofMaxLength(12);
    }
}
