package io.taskmanager.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BoundedInputStreamTest {

    @Test
    void aBodyAtTheLimitPassesWhole() throws IOException {
        byte[] body = new byte[100];
        try (InputStream in = new BoundedInputStream(new ByteArrayInputStream(body), 100)) {
            assertArrayEquals(body, in.readAllBytes());
        }
    }

    @Test
    void oneByteMoreFailsAndNoMoreThanThatIsRead() {
        CountingSource source = new CountingSource(10_000_000);
        InputStream in = new BoundedInputStream(source, 1000);
        BodyTooLargeException failure = assertThrows(BodyTooLargeException.class, in::readAllBytes);
        assertEquals(1000, failure.limit());
        assertEquals(1001, source.served);
    }

    @Test
    void singleByteReadsCountToo() throws IOException {
        InputStream in = new BoundedInputStream(new ByteArrayInputStream(new byte[3]), 2);
        in.read();
        in.read();
        assertThrows(BodyTooLargeException.class, in::read);
    }

    /** An endless body that counts what was taken from it. */
    private static final class CountingSource extends InputStream {
        private final long size;
        long served;

        CountingSource(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return served < size ? (int) (served++ & 0x7F) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = (int) Math.min(len, size - served);
            served += n;
            return n == 0 ? -1 : n;
        }
    }
}
