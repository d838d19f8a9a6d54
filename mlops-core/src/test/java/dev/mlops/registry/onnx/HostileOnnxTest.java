package dev.mlops.registry.onnx;

import dev.mlops.registry.InvalidModelException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ONNX files built to exhaust the signature reader — nested groups, types nested thousands deep, a name declared
 * huge, millions of tiny dimensions — are refused with {@link InvalidModelException}, never a
 * {@code StackOverflowError} or {@code OutOfMemoryError}.
 */
class HostileOnnxTest {

    /** Builds protobuf from the inside out into a reversed buffer, so wrapping n levels costs O(size). */
    static final class InsideOut {
        private final ByteArrayOutputStream reversed = new ByteArrayOutputStream();

        InsideOut bytes(byte[] b) {
            for (int i = b.length - 1; i >= 0; i--) {
                reversed.write(b[i]);
            }
            return this;
        }

        /** Wraps everything written so far as length-delimited field {@code field}. */
        InsideOut wrap(int field) {
            int len = reversed.size();
            bytes(varint(len));
            bytes(varint((long) field << 3 | 2));
            return this;
        }

        byte[] toBytes() {
            byte[] r = reversed.toByteArray();
            byte[] out = new byte[r.length];
            for (int i = 0; i < r.length; i++) {
                out[i] = r[r.length - 1 - i];
            }
            return out;
        }
    }

    static byte[] varint(long v) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while ((v & ~0x7fL) != 0) {
            b.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b.write((int) v);
        return b.toByteArray();
    }

    @Test
    void twoMegabytesOfNestedGroupsAreRefusedWithoutAStackOverflow() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 2_000_000; i++) {
            b.write(0x0B); // field 1, START_GROUP
        }
        assertThatThrownBy(() -> OnnxSignatures.read(b.toByteArray()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("groups nested more than 64");
    }

    @Test
    void groupsNestedWithinTheLimitAreSkipped() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 10; i++) {
            b.write(0x1B); // field 3, START_GROUP
        }
        for (int i = 0; i < 10; i++) {
            b.write(0x1C); // field 3, END_GROUP
        }
        byte[] graph = new InsideOut().wrap(7).toBytes(); // an empty graph
        b.writeBytes(graph);
        assertThat(OnnxSignatures.read(b.toByteArray()).inputs()).isEmpty();
    }

    @Test
    void aTypeNestedFiftyThousandLevelsDeepIsRefused() {
        InsideOut m = new InsideOut().bytes(new byte[] {0x08, 0x01}).wrap(1); // tensor(float)
        for (int i = 0; i < 50_000; i++) {
            m.wrap(1).wrap(4); // TypeProto.sequence_type { elem_type: <inner> }
        }
        m.wrap(2).bytes(new byte[] {0x0A, 0x01, 'x'}).wrap(11).wrap(7); // ValueInfo{name "x", type} in graph.input
        assertThatThrownBy(() -> OnnxSignatures.read(m.toBytes()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("types nested more than 32");
    }

    @Test
    void aNameDeclaredAtAGigabyteIsRefusedBeforeAnythingIsAllocated() {
        ByteArrayOutputStream vi = new ByteArrayOutputStream();
        vi.write(0x0A);
        vi.writeBytes(varint(1L << 30)); // name of 1 GiB, but only a few bytes follow
        vi.writeBytes(new byte[] {'a', 'b'});
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        model.write(7 << 3 | 2);
        model.writeBytes(varint((1L << 30) + 64));
        model.write(11 << 3 | 2);
        model.writeBytes(varint((1L << 30) + 32));
        model.writeBytes(vi.toByteArray());
        assertThatThrownBy(() -> OnnxSignatures.read(model.toByteArray()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("string of 1073741824 bytes");
    }

    @Test
    void millionsOfDimensionsExhaustTheBudgetNotTheHeap() {
        // one input whose shape declares 1.2 M empty dimensions (2 bytes each in the file, ~40 bytes each on the heap)
        InsideOut m = new InsideOut();
        for (int i = 0; i < 1_200_000; i++) {
            m.bytes(new byte[] {0x0A, 0x00}); // TensorShapeProto.dim {}
        }
        m.wrap(2).bytes(new byte[] {0x08, 0x01}).wrap(1).wrap(2).bytes(new byte[] {0x0A, 0x01, 'x'}).wrap(11).wrap(7);
        assertThatThrownBy(() -> OnnxSignatures.read(m.toBytes()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("dimensions")
                .hasMessageContaining("bytes of memory");
    }
}
