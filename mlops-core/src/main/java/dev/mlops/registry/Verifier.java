package dev.mlops.registry;

import dev.mlops.registry.internal.Content;
import dev.mlops.registry.internal.Docs;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.internal.SignatureJson;
import dev.mlops.registry.onnx.ModelSignature;
import dev.mlops.registry.onnx.OnnxSignatures;
import dev.mlops.registry.maintenance.VerifyReport;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.StoreUnavailableException;
import dev.mlops.registry.spi.VersionedRecord;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks the whole store like {@code git fsck}: parses every record, checks every reference, the numbering and the
 * alias hash chains, and re-hashes every blob. Changes nothing. Thread-safe.
 */
final class Verifier {
    private final RegistryContext ctx;

    Verifier(RegistryContext ctx) {
        this.ctx = ctx;
    }


    VerifyReport verify() {
        List<VerifyReport.Problem> problems = new ArrayList<>();
        Set<Digest> referenced = new HashSet<>();
        long records = 0;
        // models and versions
        Set<String> models = new HashSet<>(ctx.listAll(Keys.MODELS, ""));
        records += models.size();
        for (String m : models) {
            checkParses(Keys.MODELS, m, Docs.ModelDoc.class, problems);
        }
        Map<String, List<Integer>> numbers = new TreeMap<>();
        for (String key : ctx.listAll(Keys.VERSIONS, "")) {
            records++;
            Docs.VersionDoc v = checkParses(Keys.VERSIONS, key, Docs.VersionDoc.class, problems);
            if (v == null) {
                continue;
            }
            if (v.model() == null || v.artifact() == null) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, Keys.VERSIONS + "/" + key,
                        "the version record has no " + (v.model() == null ? "model" : "artifact")));
                continue;
            }
            final Docs.VersionDoc version = v;
            guard(Keys.VERSIONS + "/" + key, problems, () -> checkRecordedMetadata(Keys.VERSIONS + "/" + key, version, problems));
            numbers.computeIfAbsent(v.model(), k -> new ArrayList<>()).add(v.version());
            if (!models.contains(v.model())) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, Keys.VERSIONS + "/" + key,
                        "version of model '" + v.model() + "' whose model record is missing"));
            }
            checkArtifact(Keys.VERSIONS + "/" + key, v.artifact(), referenced, problems);
            if (v.lineage() != null && v.lineage().datasets() != null && v.origin() == null) {
                for (Docs.DatasetRefDoc ds : v.lineage().datasets()) {
                    if (ctx.records.get(Keys.DATASET_VERSIONS, Keys.version(ds.name(), ds.version())).isEmpty()) {
                        problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, Keys.VERSIONS + "/" + key,
                                "lineage names data set version " + ds.name() + ":" + ds.version() + ", which does not exist"));
                    }
                }
            }
        }
        checkNumbering(Keys.VERSIONS, numbers, problems);
        for (String key : ctx.listAll(Keys.VERSION_META, "")) {
            records++;
            checkParses(Keys.VERSION_META, key, Docs.VersionMetaDoc.class, problems);
        }
        // attachments
        for (String key : ctx.listAll(Keys.ATTACHMENTS, "")) {
            records++;
            Docs.AttachmentDoc a = checkParses(Keys.ATTACHMENTS, key, Docs.AttachmentDoc.class, problems);
            if (a != null) {
                guard(Keys.ATTACHMENTS + "/" + key, problems, () -> checkAttachment(key, a, referenced, problems));
            }
        }
        // aliases
        Set<String> aliasKeys = new HashSet<>();
        for (String key : ctx.listAll(Keys.ALIASES, "")) {
            records++;
            checkParses(Keys.ALIASES, key, Docs.AliasHeadDoc.class, problems);
            aliasKeys.add(key);
        }
        for (String key : ctx.listAll(Keys.ALIAS_HISTORY, "")) {
            String[] parts = key.split("/");
            if (parts.length == 3) {
                aliasKeys.add(parts[0] + "/" + parts[1]);
            }
        }
        for (String ak : aliasKeys) {
            String model = ak.substring(0, ak.indexOf('/'));
            String alias = ak.substring(ak.indexOf('/') + 1);
            AliasHistory h;
            try {
                h = ctx.aliases.aliasHistory(model, alias);
            } catch (RuntimeException e) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, Keys.ALIAS_HISTORY + "/" + ak,
                        e.getMessage()));
                continue;
            }
            records += h.moves().size();
            for (String p : h.problems()) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.BROKEN_ALIAS_CHAIN, Keys.ALIAS_HISTORY + "/" + ak, p));
            }
            for (AliasMove m : h.moves()) {
                guard(Keys.ALIAS_HISTORY + "/" + ak, problems, () -> {
                    if (m.to().isPresent() && ctx.versions.versionDoc(model, m.to().getAsInt()).isEmpty()) {
                        problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, Keys.ALIAS_HISTORY + "/" + ak,
                                "entry " + m.sequence() + " points at version " + m.to().getAsInt() + ", which does not exist"));
                    }
                });
            }
        }
        // data sets
        Map<String, List<Integer>> dsNumbers = new TreeMap<>();
        for (String key : ctx.listAll(Keys.DATASET_VERSIONS, "")) {
            records++;
            Docs.DatasetVersionDoc d = checkParses(Keys.DATASET_VERSIONS, key, Docs.DatasetVersionDoc.class, problems);
            if (d != null) {
                String subject = Keys.DATASET_VERSIONS + "/" + key;
                if (d.name() == null || d.artifact() == null) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, subject,
                            "the data set version record has no " + (d.name() == null ? "name" : "artifact")));
                    continue;
                }
                dsNumbers.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d.version());
                guard(subject, problems, () -> {
                    checkArtifact(subject, d.artifact(), referenced, problems);
                    checkSizes(subject, d.artifact(), problems);
                    ctx.datasets.checkDatasetLineage(subject, d, problems);
                });
            }
        }
        checkNumbering(Keys.DATASET_VERSIONS, dsNumbers, problems);
        // runs
        for (String key : ctx.listAll(Keys.RUNS, "")) {
            records++;
            Docs.RunDoc d = checkParses(Keys.RUNS, key, Docs.RunDoc.class, problems);
            if (d == null) {
                continue;
            }
            Docs.RunDoc run = d;
            guard(Keys.RUNS + "/" + key, problems, () -> checkRun(key, RunTracker.normalize(run), referenced, problems));
        }
        // blobs: re-hash every one
        long blobsChecked = 0;
        long bytesChecked = 0;
        long unrefBlobs = 0;
        long unrefBytes = 0;
        byte[] buf = new byte[256 * 1024];
        String token = null;
        do {
            Page<BlobInfo> p = ctx.blobs.list(token, 1000);
            for (BlobInfo b : p.items()) {
                blobsChecked++;
                try (InputStream in = ctx.blobs.get(b.digest())) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        bytesChecked += n;
                    }
                } catch (CorruptedContentException e) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.CORRUPT_BLOB, b.digest().toString(), e.getMessage()));
                } catch (NotFoundException e) {
                    continue; // deleted while listing
                } catch (IOException e) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.CORRUPT_BLOB, b.digest().toString(),
                            "unreadable: " + e.getMessage()));
                }
                if (!referenced.contains(b.digest())) {
                    unrefBlobs++;
                    unrefBytes += b.size();
                }
            }
            token = p.nextPageToken();
        } while (token != null);
        return new VerifyReport(blobsChecked, bytesChecked, records, problems, unrefBlobs, unrefBytes);
    }

    /**
     * Runs one record's checks; damage it meets (a missing field, a malformed digest, a record it reads that is
     * unreadable) becomes a problem of that record, never an exception that ends the whole verification. A store
     * that cannot be reached still fails the verification: that is no finding about the data.
     */
    private static void guard(String subject, List<VerifyReport.Problem> problems, Runnable check) {
        try {
            check.run();
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, subject,
                    e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private void checkAttachment(String key, Docs.AttachmentDoc a, Set<Digest> referenced, List<VerifyReport.Problem> problems) {
        String subject = Keys.ATTACHMENTS + "/" + key;
        if (a.digest() == null || a.model() == null) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, subject,
                    "the attachment record has no " + (a.digest() == null ? "digest" : "model")));
            return;
        }
        Digest d = Digest.parse(a.digest());
        referenced.add(d);
        Optional<BlobInfo> blob = ctx.blobs.stat(d);
        if (blob.isEmpty()) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, subject,
                    "attachment blob " + d + " is missing"));
        } else if (blob.get().size() != a.size()) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.WRONG_METADATA, subject,
                    "records " + a.size() + " bytes but its blob " + d + " has " + blob.get().size()));
        }
        if (ctx.versions.versionDoc(a.model(), a.version()).isEmpty()) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, subject,
                    "attached to version " + a.model() + ":" + a.version() + ", which does not exist"));
        }
    }

    private void checkRun(String key, Docs.RunDoc d, Set<Digest> referenced, List<VerifyReport.Problem> problems) {
        for (Docs.ManifestEntry a : d.artifacts().values()) {
            Digest dg = Digest.parse(a.digest());
            referenced.add(dg);
            if (!ctx.blobs.exists(dg)) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, Keys.RUNS + "/" + key,
                        "run artifact blob " + dg + " is missing"));
            }
        }
        for (Map.Entry<String, Integer> c : d.metricChunks().entrySet()) {
            for (int i = 0; i < c.getValue(); i++) {
                if (ctx.records.get(Keys.RUN_METRICS, RunTracker.chunkKey(key, c.getKey(), i)).isEmpty()) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, Keys.RUNS + "/" + key,
                            "metric '" + c.getKey() + "' chunk " + i + " is missing"));
                }
            }
        }
    }

    /** The recorded size, file count and (for ONNX content) signature of a version, against its content. */
    private void checkRecordedMetadata(String subject, Docs.VersionDoc v, List<VerifyReport.Problem> problems) {
        if (!checkSizes(subject, v.artifact(), problems)) {
            return;
        }
        Docs.ArtifactDoc a = v.artifact();
        boolean onnxFile = "file".equals(a.kind()) && ("onnx".equals(v.modelFormat())
                || (a.fileName() != null && a.fileName().endsWith(".onnx")));
        if (!onnxFile) {
            return;
        }
        Digest d = Digest.parse(a.digest());
        ModelSignature recorded = SignatureJson.read(v.signature());
        Optional<ModelSignature> actual;
        try (InputStream in = ctx.blobs.get(d)) {
            actual = OnnxSignatures.tryRead(in);
        } catch (CorruptedContentException | IOException e) {
            return; // the blob check reports it
        }
        if (actual.isEmpty()) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.WRONG_METADATA, subject,
                    "recorded as an ONNX model but its artifact " + d + " is not one"));
        } else if (!actual.get().equals(recorded)) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.WRONG_METADATA, subject,
                    "the recorded signature " + recorded + " differs from the one its ONNX artifact declares, "
                            + actual.get()));
        }
    }

    /** Whether an artifact's recorded size and file count match its content; adds a problem where they do not. */
    private boolean checkSizes(String subject, Docs.ArtifactDoc a, List<VerifyReport.Problem> problems) {
        Digest d;
        try {
            d = Digest.parse(a.digest());
        } catch (RuntimeException e) {
            return false; // checkArtifact reports it
        }
        Optional<BlobInfo> blob = ctx.blobs.stat(d);
        if (blob.isEmpty()) {
            return false; // checkArtifact reports it
        }
        long size;
        int count;
        if ("directory".equals(a.kind())) {
            List<ArtifactFile> files;
            try {
                files = Content.readManifest(ctx.blobs, d);
            } catch (RuntimeException e) {
                return false; // checkArtifact reports it
            }
            size = 0;
            for (ArtifactFile f : files) {
                Optional<BlobInfo> fb = ctx.blobs.stat(f.digest());
                if (fb.isPresent() && fb.get().size() != f.size()) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.WRONG_METADATA, subject, "the manifest "
                            + "records " + f.size() + " bytes for " + f.path() + " but its blob has " + fb.get().size()));
                }
                size += fb.map(BlobInfo::size).orElse(f.size());
            }
            count = files.size();
        } else {
            size = blob.get().size();
            count = 1;
        }
        boolean ok = true;
        if (a.size() != size) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.WRONG_METADATA, subject,
                    "records an artifact of " + a.size() + " bytes but its content has " + size));
            ok = false;
        }
        if (a.fileCount() != count) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.WRONG_METADATA, subject,
                    "records " + a.fileCount() + " files but its content has " + count));
            ok = false;
        }
        return ok;
    }

    private <T> T checkParses(String collection, String key, Class<T> type, List<VerifyReport.Problem> problems) {
        try {
            Optional<VersionedRecord> rec = ctx.records.get(collection, key);
            return rec.map(x -> Json.read(x.document(), type, collection + "/" + key)).orElse(null);
        } catch (RuntimeException e) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, collection + "/" + key, e.getMessage()));
            return null;
        }
    }

    private void checkArtifact(String subject, Docs.ArtifactDoc a, Set<Digest> referenced, List<VerifyReport.Problem> problems) {
        if (a == null) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, subject, "no artifact"));
            return;
        }
        Digest d;
        try {
            d = Digest.parse(a.digest());
        } catch (RuntimeException e) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, subject, "bad artifact digest: " + e.getMessage()));
            return;
        }
        referenced.add(d);
        if (!ctx.blobs.exists(d)) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, subject, "artifact blob " + d + " is missing"));
            return;
        }
        if ("directory".equals(a.kind())) {
            try {
                for (ArtifactFile f : Content.readManifest(ctx.blobs, d)) {
                    referenced.add(f.digest());
                    if (!ctx.blobs.exists(f.digest())) {
                        problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, subject,
                                "file " + f.path() + " (" + f.digest() + ") of the manifest is missing"));
                    }
                }
            } catch (RuntimeException e) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, subject,
                        "manifest " + d + " is unreadable: " + e.getMessage()));
            }
        }
    }

    private static void checkNumbering(String collection, Map<String, List<Integer>> numbers, List<VerifyReport.Problem> problems) {
        numbers.forEach((name, ns) -> {
            ns.sort(null);
            for (int i = 0; i < ns.size(); i++) {
                if (ns.get(i) != i + 1) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.VERSION_GAP, collection + "/" + name,
                            "versions are not 1.." + ns.size() + ": found " + ns.get(i) + " at position " + (i + 1)));
                    break;
                }
            }
        });
    }
}
