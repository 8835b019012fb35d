package io.taskmanager.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection: it sends exactly the bytes it is
 * given, so a test can send what {@code java.net.http} refuses to (any method, any header
 * bytes, invalid UTF-8, wrong framing).
 */
public final class RawHttp {

    /** What came back; status -1 when the server closed or reset the connection without answering. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body, String failure) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    public static Answer exchange(URI base, byte[] request, boolean head, Duration timeout) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            String writeFailure = null;
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before taking the whole request (413): read what it said
                writeFailure = e.toString();
            }
            Answer answer = read(socket.getInputStream(), head);
            return answer.status() < 0 && writeFailure != null
                    ? new Answer(-1, Map.of(), new byte[0], writeFailure + "; " + answer.failure()) : answer;
        } catch (IOException e) {
            return new Answer(-1, Map.of(), new byte[0], e.toString());
        }
    }

    /**
     * Reads one answer from a connection kept open for the next request (keep-alive); give it a
     * buffered stream, as it reads a byte at a time.
     */
    public static Answer read(InputStream in) {
        return read(in, false);
    }

    private static Answer read(InputStream in, boolean head) {
        try {
            while (true) {
                String statusLine = line(in);
                if (statusLine == null) {
                    return new Answer(-1, Map.of(), new byte[0], "closed before a status line");
                }
                String[] parts = statusLine.split(" ", 3);
                int status = Integer.parseInt(parts[1]);
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
                    int colon = line.indexOf(':');
                    headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(line.substring(colon + 1).trim());
                }
                if (status == 100) {
                    continue;
                }
                byte[] body;
                String length = headers.containsKey("content-length") ? headers.get("content-length").get(0) : null;
                if (head || status == 204 || status == 304) {
                    body = new byte[0];
                } else if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", List.of("")).get(0))) {
                    body = dechunk(in);
                } else if (length != null) {
                    body = in.readNBytes(Integer.parseInt(length));
                } else {
                    body = in.readAllBytes();
                }
                return new Answer(status, headers, body, null);
            }
        } catch (IOException | RuntimeException e) {
            return new Answer(-1, Map.of(), new byte[0], e.toString());
        }
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int length = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (length == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    // trailers are not used here
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            line(in);
        }
    }

    /** One CRLF-terminated line in ISO-8859-1, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }
}
