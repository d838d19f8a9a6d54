package dev.mlops.registry.jdbc;

import dev.mlops.registry.jdbc.testing.PostgresTestServer;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.InvalidNameException;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.StoreUnavailableException;
import dev.mlops.registry.spi.Stores;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresStoreTest {
    private String url;
    private PostgresStore store;

    @BeforeEach
    void openFreshDatabase() {
        url = PostgresTestServer.shared().newDatabase();
        store = PostgresStore.builder(url).chunkSize(4096).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createIfAbsentStartsAtRevisionOneAndRejectsASecondCreateWithTheCurrentRevision() {
        assertThat(store.createIfAbsent("models", "iris/v1", utf8("{\"a\":1}"))).isEqualTo(WriteResult.applied(1));
        assertThat(store.createIfAbsent("models", "iris/v1", utf8("{\"a\":2}"))).isEqualTo(WriteResult.rejected(1));
        VersionedRecord r = store.get("models", "iris/v1").orElseThrow();
        assertThat(r.documentAsString()).isEqualTo("{\"a\":1}");
        assertThat(r.revision()).isEqualTo(1);
    }

    @Test
    void compareAndSetAppliesOnlyOnTheExpectedRevisionAndReportsTheCurrentOneOtherwise() {
        store.createIfAbsent("aliases", "iris/prod", utf8("v1"));
        assertThat(store.compareAndSet("aliases", "iris/prod", 1, utf8("v2"))).isEqualTo(WriteResult.applied(2));
        assertThat(store.compareAndSet("aliases", "iris/prod", 1, utf8("v3"))).isEqualTo(WriteResult.rejected(2));
        assertThat(store.compareAndSet("aliases", "absent", 1, utf8("x"))).isEqualTo(WriteResult.rejected(0));
        assertThat(store.get("aliases", "iris/prod").orElseThrow().documentAsString()).isEqualTo("v2");
    }

    @Test
    void deleteNeedsTheCurrentRevisionAndALaterCreateStartsAgainAtOne() {
        store.createIfAbsent("c", "k", utf8("1"));
        store.compareAndSet("c", "k", 1, utf8("2"));
        assertThat(store.delete("c", "k", 1)).isFalse();
        assertThat(store.delete("c", "k", 2)).isTrue();
        assertThat(store.get("c", "k")).isEmpty();
        assertThat(store.createIfAbsent("c", "k", utf8("again"))).isEqualTo(WriteResult.applied(1));
    }

    @Test
    void listPagesThroughKeysWithAPrefixInStringOrder() {
        List<String> keys = List.of("m/a", "m/b-1", "m/b.2", "m/b_3", "m/b/4", "m/z", "n/a", "m0");
        keys.forEach(k -> store.createIfAbsent("models", k, new byte[0]));
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<String> p = store.list("models", "m/", token, 2);
            assertThat(p.items()).hasSizeLessThanOrEqualTo(2);
            seen.addAll(p.items());
            token = p.nextPageToken();
            pages++;
        } while (token != null);
        assertThat(seen).containsExactly("m/a", "m/b-1", "m/b.2", "m/b/4", "m/b_3", "m/z");
        assertThat(pages).isEqualTo(3);
        assertThat(store.list("models", "", null, 100).items()).hasSize(8);
        assertThat(store.list("other", "", null, 10).items()).isEmpty();
    }

    @Test
    void invalidNamesAreRefusedBeforeTheDatabaseIsAsked() {
        assertThatThrownBy(() -> store.get("Models", "k")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> store.createIfAbsent("m", "../etc", new byte[0])).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> store.list("m", "a//", null, 1)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void aBlobLargerThanManyChunksRoundTripsAndIsVerified() throws Exception {
        byte[] content = new byte[4096 * 25 + 17];
        new Random(7).nextBytes(content);
        BlobInfo info = store.put(new ByteArrayInputStream(content));
        assertThat(info.digest()).isEqualTo(Digest.sha256(content));
        assertThat(info.size()).isEqualTo(content.length);
        try (InputStream in = store.get(info.digest())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(countRows("blob_chunks")).isEqualTo(26);
    }

    @Test
    void aRepeatedPutStoresNothingNewButRefreshesTheLastUsedMark() {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        try (PostgresStore timed = PostgresStore.builder(url).chunkSize(4096).clock(clock).build()) {
            byte[] content = new byte[10_000];
            Digest d = timed.put(new ByteArrayInputStream(content)).digest();
            now[0] = Instant.parse("2026-02-01T00:00:00Z");
            BlobInfo again = timed.put(new ByteArrayInputStream(content));
            assertThat(again.lastUsed()).isEqualTo(now[0]);
            assertThat(timed.stat(d).orElseThrow().lastUsed()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
            now[0] = Instant.parse("2026-03-01T00:00:00Z");
            assertThat(timed.put(new ByteArrayInputStream(new byte[0]), d).lastUsed()).isEqualTo(now[0]);
        }
        assertThat(countRows("blobs")).isEqualTo(1);
        assertThat(countRows("blob_chunks")).isEqualTo(3);
    }

    @Test
    void aPutWithAWrongDigestStoresNothing() {
        Digest wrong = Digest.sha256(utf8("something else"));
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(new byte[9000]), wrong))
                .isInstanceOf(CorruptedContentException.class).hasMessageContaining(wrong.toString());
        assertThat(countRows("blobs")).isZero();
        assertThat(countRows("blob_chunks")).isZero();
    }

    @Test
    void contentThatFailsHalfwayStoresNothing() {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws java.io.IOException {
                if (served++ >= 3 * 4096 + 100) {
                    throw new java.io.IOException("upstream reset");
                }
                return 5;
            }
        };
        assertThatThrownBy(() -> store.put(failing)).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("nothing was stored");
        assertThat(countRows("blobs")).isZero();
        assertThat(countRows("blob_chunks")).isZero();
    }

    @Test
    void aCorruptedBlobIsNeverServedSilently() {
        Digest d = store.put(new ByteArrayInputStream(new byte[5000])).digest();
        new dev.mlops.registry.jdbc.testing.PostgresCorrupter(url, store.schema()).corrupt(d, new byte[5000 - 1]);
        assertThatThrownBy(() -> {
            try (InputStream in = store.get(d)) {
                in.readAllBytes();
            }
        }).isInstanceOf(CorruptedContentException.class).hasMessageContaining(d.toString());
    }

    @Test
    void deleteRemovesTheBlobAndItsChunksAndListIsInDigestOrder() {
        List<Digest> digests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            digests.add(store.put(new ByteArrayInputStream(utf8("blob " + i))).digest());
        }
        digests.sort(null);
        Page<BlobInfo> first = store.list(null, 3);
        Page<BlobInfo> second = store.list(first.nextPageToken(), 3);
        assertThat(first.items()).extracting(BlobInfo::digest).containsExactlyElementsOf(digests.subList(0, 3));
        assertThat(second.items()).extracting(BlobInfo::digest).containsExactlyElementsOf(digests.subList(3, 5));
        assertThat(second.hasNext()).isFalse();

        assertThat(store.delete(digests.get(0))).isTrue();
        assertThat(store.delete(digests.get(0))).isFalse();
        assertThat(store.exists(digests.get(0))).isFalse();
        assertThatThrownBy(() -> store.get(digests.get(0))).isInstanceOf(NotFoundException.class);
        assertThat(countRows("blob_chunks")).isEqualTo(4);
    }

    @Test
    void theSchemaIsVersionedAndOpeningAgainDoesNotMigrateTwice() throws Exception {
        try (PostgresStore again = PostgresStore.open(url)) {
            assertThat(again.get("x", "y")).isEmpty();
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), max(version) FROM mlops.schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getInt(2)).isEqualTo(2);
        }
    }

    @Test
    void aVersionOneSchemaIsMigratedOnFirstUseAndKeepsItsRecords() throws Exception {
        store.createIfAbsent("models", "iris", utf8("kept"));
        store.close();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("DROP TABLE mlops.record_writes"); // what a version-1 database looks like
            st.execute("UPDATE mlops.schema_version SET version = 1");
        }
        store = PostgresStore.open(url);
        assertThat(store.get("models", "iris").orElseThrow().documentAsString()).isEqualTo("kept");
        assertThat(store.compareAndSet("models", "iris", 1, utf8("moved"))).isEqualTo(WriteResult.applied(2));
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT version FROM mlops.schema_version), "
                     + "(SELECT count(*) FROM mlops.record_writes)")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getInt(2)).isEqualTo(1);
        }
    }

    @Test
    void aDatabaseMigratedByANewerVersionIsRefusedWithAClearMessage() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("UPDATE mlops.schema_version SET version = 99");
        }
        assertThatThrownBy(() -> PostgresStore.open(url))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("format version 99").hasMessageContaining("Upgrade mlops");
    }

    @Test
    void theStoreIsFoundThroughServiceLoaderAndCredentialsNeverAppearInMessages() {
        try (Store s = Stores.open(url + "&schema=other_schema")) {
            assertThat(s.records().createIfAbsent("c", "k", new byte[0]).applied()).isTrue();
            assertThat(s.blobs()).isSameAs(s.records());
        }
        String bad = url.replaceFirst("user=postgres", "user=postgres&password=hunter2").replaceFirst(":\\d+/", ":1/")
                + "&maxRetries=0&connectTimeout=1";
        assertThatThrownBy(() -> Stores.open(bad))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("password=***");
    }

    @Test
    void aClosedStoreRefusesWork() {
        store.close();
        store.close();
        assertThatThrownBy(() -> store.get("c", "k")).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("closed");
    }

    private long countRows(String table) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM mlops." + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
