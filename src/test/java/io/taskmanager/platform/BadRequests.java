package io.taskmanager.platform;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The fuzz's requests. Request {@code n} comes from its own {@code Random(seed, n)}, so a
 * failure is replayed alone by its index. Each is a complete HTTP/1.1 request as bytes:
 * malformed where the test wants it malformed, but always framed correctly, so every one
 * deserves an answer.
 */
final class BadRequests {

    /** The header block the listener accepts (pre-boot-commands.asadmin); the fuzz stays below it. */
    static final int HEADER_LIMIT = 32 * 1024;

    record BadRequest(int index, String kind, String method, String target, byte[] bytes) {

        boolean head() {
            return "HEAD".equals(method);
        }

        /** The answer Payara's HTTP listener gives itself, before the application sees the request. */
        record ListenerAnswer(int status, String reason) {
        }

        /**
         * The listener's own bare answer (no body, the connection closed) this request must get,
         * or null when the application answers it. A 400 for header bytes outside visible
         * ASCII, a path whose escapes decode to NUL, invalid UTF-8 or above the root, a
         * Content-Length that is no length (a body on GET, HEAD or DELETE reaches the application
         * since DELETE /api/users/me takes one: server-config/); an empty 200 for a broken
         * escape in the path (payara/Payara#8000, open upstream). RELIABILITY.md lists them.
         */
        ListenerAnswer listenerAnswer() {
            List<String> lines = headLines();
            if (lines.get(0).chars().anyMatch(c -> c <= 0x20 && c != ' ' || c > 0x7e)) {
                return refused("request-line bytes outside visible ASCII");
            }
            for (String line : lines.subList(1, lines.size())) {
                if (line.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c > 0x7e)) {
                    return refused("header bytes outside visible ASCII");
                }
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:") && !lower.substring(15).strip().matches("\\d{1,18}")) {
                    return refused("a Content-Length that is no length");
                }
            }
            String path = path();
            if (path.matches("(?i).*%(00|[89a-f][0-9a-f]|2e).*")) {
                java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
                try {
                    String decoded = utf8.decode(java.nio.ByteBuffer.wrap(percentDecode(path))).toString();
                    if (decoded.indexOf('\0') >= 0) {
                        return refused("a path with an escaped NUL");
                    }
                    if (decoded.startsWith("/../") || decoded.equals("/..")) {
                        return refused("a path that climbs above the root");
                    }
                } catch (java.nio.charset.CharacterCodingException e) {
                    return refused("a path that decodes to invalid UTF-8");
                }
            }
            if (path.matches(".*%(?![0-9a-fA-F]{2}).*")) {
                return new ListenerAnswer(200, "a broken escape in the path (Payara#8000)");
            }
            return null;
        }

        private static ListenerAnswer refused(String reason) {
            return new ListenerAnswer(400, reason);
        }

        /**
         * True for a request with an Expect other than 100-continue: the listener answers some of
         * them with a bare 417 (those without a body), the rest reach the application.
         */
        boolean oddExpectation() {
            return headLines().stream().skip(1).map(line -> line.toLowerCase(java.util.Locale.ROOT))
                    .anyMatch(line -> line.startsWith("expect:") && !line.substring(7).strip().equals("100-continue"));
        }

        /** The request line and the header lines. */
        private List<String> headLines() {
            return List.of(new String(bytes, 0, headLength() - 4, StandardCharsets.ISO_8859_1).split("\r\n"));
        }

        /** The bytes up to and including the blank line that ends the header block. */
        private int headLength() {
            return new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
        }

        private String path() {
            return target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        }

        private static byte[] percentDecode(String path) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                if (c == '%' && i + 2 < path.length() && path.substring(i + 1, i + 3).matches("[0-9a-fA-F]{2}")) {
                    out.write(Integer.parseInt(path.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
            }
            return out.toByteArray();
        }

        /** The request as printable text, cut short, for the failure report. */
        String describe() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < Math.min(bytes.length, 400); i++) {
                int b = bytes[i] & 0xff;
                text.append(b == '\r' ? "" : b == '\n' ? "⏎" : b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
            }
            return "#" + index + " [" + kind + "] " + text + (bytes.length > 400 ? "… (" + bytes.length + " bytes)" : "");
        }
    }

    private record Route(String method, String path, boolean json, boolean needsToken) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route("POST", "/api/auth/signup", true, false),
            new Route("POST", "/api/auth/login", true, false),
            new Route("POST", "/api/auth/forget-password", true, false),
            new Route("POST", "/api/auth/verify-otp", true, true),
            new Route("POST", "/api/auth/reset-password", true, true),
            new Route("POST", "/api/auth/logout", false, true),
            new Route("GET", "/api/users/me", false, true),
            new Route("POST", "/api/tasks", true, true),
            new Route("GET", "/api/tasks", false, true),
            new Route("DELETE", "/api/tasks", false, true),
            new Route("GET", "/api/tasks/{id}", false, true),
            new Route("PUT", "/api/tasks/{id}", true, true),
            new Route("PATCH", "/api/tasks/{id}", true, true),
            new Route("DELETE", "/api/tasks/{id}", false, true),
            new Route("GET", "/api/admin/bans", false, true),
            new Route("DELETE", "/api/admin/bans/{ip}", false, true),
            new Route("GET", "/health", false, false),
            new Route("GET", "/health/live", false, false),
            new Route("GET", "/health/ready", false, false),
            new Route("GET", "/openapi", false, false));

    /** The JSON fields each body route knows, so bodies are almost right more often than not. */
    private static final java.util.Map<String, List<String>> FIELDS = java.util.Map.of(
            "/api/auth/signup", List.of("username", "email", "password"),
            "/api/auth/login", List.of("username", "email", "password"),
            "/api/auth/forget-password", List.of("email"),
            "/api/auth/verify-otp", List.of("email", "otp"),
            "/api/auth/reset-password", List.of("new_password"),
            "/api/tasks", List.of("title", "description", "completion", "priority", "due_date"),
            "/api/tasks/{id}", List.of("title", "description", "completion", "priority", "due_date"));

    private static final List<String> METHODS = List.of("TRACE", "OPTIONS", "PROPFIND", "MKCOL", "COPY", "LOCK",
            "FOO", "get", "Post", "HEAD", "PATCH", "PUT", "DELETE", "POST", "GET", "SEARCH", "QUERY");

    private final long seed;
    private final String host;
    private final List<String> tokens;
    private final List<Long> taskIds;

    BadRequests(long seed, String host, List<String> tokens, List<Long> taskIds) {
        this.seed = seed;
        this.host = host;
        this.tokens = List.copyOf(tokens);
        this.taskIds = List.copyOf(taskIds);
    }

    BadRequest generate(int index) {
        Random random = new Random(seed * 1_000_003L + index);
        int pick = random.nextInt(100);
        Route route = pickOne(random, ROUTES);
        if (pick < 35) {
            List<Route> bodies = ROUTES.stream().filter(Route::json).toList();
            return jsonBody(index, random, pickOne(random, bodies));
        }
        if (pick < 50) {
            return query(index, random);
        }
        if (pick < 60) {
            return path(index, random, route);
        }
        if (pick < 75) {
            return badToken(index, random, route);
        }
        if (pick < 88) {
            return oddHeaders(index, random, route);
        }
        return oddMethod(index, random, route);
    }

    // ---- the kinds of bad request

    private BadRequest jsonBody(int index, Random random, Route route) {
        String kind = "body";
        byte[] body;
        int pick = random.nextInt(14);
        List<String> fields = FIELDS.get(route.path());
        switch (pick) {
            case 0 -> {
                kind = "body/wrong-types";
                body = object(random, fields, r -> wrongType(r)).getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> {
                kind = "body/huge-numbers";
                body = object(random, fields, r -> pickOne(r, List.of("1e400", "-1e400", "1e2147483648", "1e-2147483649",
                        "9".repeat(5000), "123456789012345678901234567890", "-0", "0.0000000000000000000001",
                        "1E+999999999"))).getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                kind = "body/deep-nesting";
                int depth = pickOne(random, List.of(999, 1001, 2000, 20_000, 200_000));
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                body = ("{\"" + pickOne(random, fields) + "\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                kind = "body/invalid-utf8";
                byte[] valid = object(random, fields, r -> "\"" + text(r, 20) + "\"").getBytes(StandardCharsets.UTF_8);
                body = withInvalidUtf8(random, valid);
            }
            case 4 -> {
                kind = "body/nulls";
                body = object(random, fields, r -> "null").getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                kind = "body/duplicate-keys";
                String field = pickOne(random, fields);
                body = ("{\"" + field + "\":\"a\",\"" + field + "\":\"b\"}").getBytes(StandardCharsets.UTF_8);
            }
            case 6 -> {
                kind = "body/long-strings";
                int length = pickOne(random, List.of(256, 10_001, 100_000, 1_000_000));
                body = object(random, fields, r -> "\"" + "x".repeat(length) + "\"").getBytes(StandardCharsets.UTF_8);
            }
            case 7 -> {
                kind = "body/not-an-object";
                body = pickOne(random, List.of("[]", "\"text\"", "42", "true", "null", "", " ", "[{}]", "{}{}", "{\"a\":1}x"))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 8 -> {
                kind = "body/truncated";
                String whole = object(random, fields, r -> "\"" + text(r, 10) + "\"");
                body = whole.substring(0, random.nextInt(whole.length())).getBytes(StandardCharsets.UTF_8);
            }
            case 9 -> {
                kind = "body/escapes";
                body = object(random, fields, r -> pickOne(r, List.of("\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"",
                        "\"a\\u0000b\"", "\"\\uZZZZ\"", "\"\\x41\"", "\"\t\"", "\"\u0001\"", "\"\u202e\u0000\"")))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 10 -> {
                kind = "body/unknown-fields";
                body = ("{\"" + text(random, 30).replace("\"", "") + "\":1,\"__proto__\":{},\"constructor\":null}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 11 -> {
                kind = "body/bom-and-whitespace";
                String object = object(random, fields, r -> "\"" + text(r, 8) + "\"");
                body = pickOne(random, List.of("\uFEFF" + object, "\n\n" + object + "\n", object + "\u0000"))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 12 -> {
                kind = "body/odd-values";
                body = object(random, fields, r -> pickOne(r, List.of("\"\"", "\" \"", "\"urgent\"", "\"HIGH\"",
                        "\"2025-02-30T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"0000-01-01T00:00:00Z\"",
                        "\"2025-01-01T00:00:00+25:00\"", "\"yesterday\"", "\"1e3\"", "\"true\"", "\"\\n\\t\""))).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                kind = "body/over-the-limit";
                // just over the 2 MiB request limit: refused with 413, whether read or not
                body = ("{\"" + pickOne(random, fields) + "\":\"" + "y".repeat(2 * 1024 * 1024 + 1) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
        String contentType = route.method().equals("PATCH") && random.nextBoolean()
                ? "application/merge-patch+json" : "application/json";
        return build(index, kind, route.method(), target(random, route), random, tokenFor(random, route),
                List.of("Content-Type: " + contentType), body);
    }

    private BadRequest query(int index, Random random) {
        List<String> parameters = List.of("completion", "title", "q", "priority", "after", "before", "due_after",
                "due_before", "cursor", "limit", "unknown", "");
        List<String> values = List.of("", "maybe", "TRUE", "2", "-1", "0", "101", "1e99", "99999999999999999999",
                "abc", "2025-13-01", "2025-02-30", "2025-01-01T25:00:00Z", "%00", "%ZZ", "%", "%c3%28", "%ff%fe",
                "eyJpZCI6LTF9", "AAAA", "Zm9v", "%7B%7D", "null", "urgent", "1%2C2", "a+b", "%2525",
                "9999-12-31", "0001-01-01", "1970-01-01T00:00:00Z", "2038-01-19T03:14:08Z");
        StringBuilder query = new StringBuilder();
        int count = random.nextInt(10) == 0 ? 1000 : 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            query.append(i == 0 ? "" : random.nextInt(20) == 0 ? "&&" : "&")
                    .append(pickOne(random, parameters));
            if (random.nextInt(10) > 0) {
                query.append('=').append(count < 10 && random.nextInt(30) == 0 ? "x".repeat(4000) : pickOne(random, values));
            }
        }
        return build(index, count > 100 ? "query/many" : "query", "GET", "/api/tasks?" + query, random,
                tokenFor(random, ROUTES.get(8)), List.of(), null);
    }

    private BadRequest path(int index, Random random, Route route) {
        List<String> ids = List.of("0", "-1", "1.5", "1e3", "99999999999999999999", "9223372036854775808", "abc",
                "%00", "%ZZ", "%2e%2e", "..%2f..%2fetc%2fpasswd", "%c3%28", "1;jsessionid=x", "1%20", "%E2%80%AE",
                "x".repeat(8000), "", "1/2", "ü", "%F0%9F%98%80", "'%20OR%201=1--", "::1", "999.1.1.1");
        String target;
        int pick = random.nextInt(5);
        if (pick == 0) {
            target = pickOne(random, List.of("/API/TASKS/0", "/api/tasks/", "/api//tasks", "/api/tasks/1/2",
                    "/api/./tasks", "/api/tasks/../users/me", "/nope", "/WEB-INF/web.xml", "/META-INF/MANIFEST.MF",
                    "/api", "/api/", "/", "/health/", "/health/x", "/openapi/", "/error-envelope", "/%2e%2e/",
                    "/api/auth", "/api/auth/signup/x", "/" + "a/".repeat(2000)));
        } else {
            String path = route.path().contains("{") ? route.path() : "/api/tasks/{id}";
            target = path.replace("{id}", pickOne(random, ids)).replace("{ip}", pickOne(random, ids));
        }
        String method = random.nextInt(3) == 0 ? pickOne(random, List.of("GET", "PUT", "PATCH", "DELETE", "POST"))
                : route.method();
        List<String> headers = List.of("Content-Type: application/json");
        byte[] body = method.equals("GET") || method.equals("DELETE") ? null : "{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        return build(index, "path", method, target, random, tokenFor(random, route), headers, body);
    }

    private BadRequest badToken(int index, Random random, Route route) {
        String header = switch (random.nextInt(16)) {
            case 0 -> "Bearer";
            case 1 -> "Bearer ";
            case 2 -> "Bearer " + text(random, 40).replace("\"", "").replace("\u0000", "");
            case 3 -> "Bearer a.b.c";
            case 4 -> "Bearer a.b.c.d.e";
            case 5 -> "Bearer " + base64("{\"alg\":\"none\"}") + "." + base64("{\"sub\":\"1\",\"groups\":[\"admin\"]}") + ".";
            case 6 -> "Bearer " + "A".repeat(16_000);
            case 7 -> "Basic " + base64("admin:admin");
            case 8 -> "bearer " + pickOne(random, tokens) + (route.path().endsWith("/logout") ? "x" : "");
            case 9 -> "Bearer " + pickOne(random, tokens) + "x";
            case 10 -> "Bearer " + flipOne(random, pickOne(random, tokens));
            case 11 -> "Bearer " + pickOne(random, tokens) + "." + pickOne(random, tokens);
            case 12 -> "Bearer " + base64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + base64("{\"sub\":" + "[".repeat(5000) + "]".repeat(5000) + "}") + ".c2ln";
            case 13 -> "Bearer " + base64("{\"alg\":\"HS256\"}") + "." + base64("not json") + ".c2ln";
            case 14 -> "Bearer  " + pickOne(random, tokens) + " trailing";
            default -> "Negotiate " + base64(text(random, 100));
        };
        byte[] body = route.json() ? "{}".getBytes(StandardCharsets.UTF_8) : null;
        List<String> headers = new ArrayList<>(List.of("Authorization: " + header));
        if (body != null) {
            headers.add("Content-Type: application/json");
        }
        return build(index, "token", route.method(), target(random, route), random, null, headers, body);
    }

    private BadRequest oddHeaders(int index, Random random, Route route) {
        List<String> headers = new ArrayList<>();
        String kind = "headers";
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            switch (random.nextInt(13)) {
                case 0 -> headers.add("Accept: " + pickOne(random, List.of("text/html", "application/xml", "image/png",
                        "*/*;q=abc", "application/json;q=0", "garbage", "", "application/problem+json", "text/*, */*;q=0.1",
                        "application/json; charset=latin1")));
                case 1 -> headers.add("Content-Type: " + pickOne(random, List.of("text/plain", "application/xml",
                        "application/json; charset=utf-16", "application/json; charset=latin1", "application/json; charset=\"",
                        "a/b/c", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", ";", "application/json;;")));
                case 2 -> headers.add("If-Match: " + pickOne(random, List.of("*", "\"\"", "\"abc\"", "W/\"1\"", "garbage",
                        "\"1\", \"2\"", "\"" + "9".repeat(50) + "\"", "\"-1\"")));
                case 3 -> headers.add("Idempotency-Key: " + pickOne(random, List.of("", " ", "k".repeat(256), "k".repeat(8000),
                        "ü-key", "key\u0001")));
                case 4 -> headers.add("X-Forwarded-For: " + pickOne(random, List.of("garbage", "1.2.3.4, , ,", "::1",
                        "999.999.999.999", "1.2.3.4,".repeat(1000), "[::1]:80", "unknown", "10.0.0.1, 127.0.0.1")));
                case 5 -> headers.add("Content-Length: " + pickOne(random, List.of("-1", "abc", "1e3", "99999999999999999999")));
                case 6 -> headers.add("X-Filler: " + "f".repeat(7000));
                case 7 -> {
                    if (kind.equals("headers/many")) {
                        continue;
                    }
                    kind = "headers/many";
                    for (int h = 0; h < 80; h++) {
                        headers.add("X-Many-" + h + ": " + h);
                    }
                }
                case 8 -> headers.add("Transfer-Encoding: " + pickOne(random, List.of("gzip", "identity", "x-custom")));
                case 9 -> headers.add("Expect: " + pickOne(random, List.of("100-continue", "something-else")));
                case 10 -> headers.add("Content-Encoding: " + pickOne(random, List.of("gzip", "br", "deflate", "x")));
                case 11 -> headers.add("X-Latin-1: caf\u00e9 \u00ff");
                default -> headers.add("Range: bytes=0-1");
            }
        }
        // a Content-Length the generator did not write would frame the request wrongly: sent only without a body
        boolean badLength = headers.stream().anyMatch(h -> h.startsWith("Content-Length") || h.startsWith("Transfer-Encoding"));
        byte[] body = route.json() && !badLength ? "{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8) : null;
        if (body != null && headers.stream().noneMatch(h -> h.startsWith("Content-Type"))) {
            headers.add("Content-Type: application/json");
        }
        return build(index, badLength ? "headers/framing" : kind, route.method(), target(random, route), random,
                tokenFor(random, route), headers, body);
    }

    private BadRequest oddMethod(int index, Random random, Route route) {
        String method = pickOne(random, METHODS);
        byte[] body = random.nextBoolean() ? "{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8) : null;
        List<String> headers = body == null ? List.of() : List.of("Content-Type: application/json");
        return build(index, "method", method, target(random, route), random, tokenFor(random, route), headers, body);
    }

    // ---- helpers

    private BadRequest build(int index, String kind, String method, String target, Random random, String token,
                             List<String> headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean http10 = random.nextInt(40) == 0;
        write(out, method + " " + target + (http10 ? " HTTP/1.0" : " HTTP/1.1") + "\r\n");
        write(out, "Host: " + host + "\r\nConnection: close\r\n");
        if (token != null) {
            write(out, "Authorization: Bearer " + token + "\r\n");
        }
        boolean lengthGiven = false;
        for (String header : headers) {
            lengthGiven |= header.startsWith("Content-Length") || header.startsWith("Transfer-Encoding");
            write(out, header + "\r\n");
        }
        if (body != null && !lengthGiven) {
            write(out, "Content-Length: " + body.length + "\r\n");
        }
        write(out, "\r\n");
        int headerBytes = out.size();
        if (headerBytes >= HEADER_LIMIT) {
            throw new IllegalStateException("request #" + index + " has a " + headerBytes + "-byte header block");
        }
        if (body != null && !lengthGiven) {
            out.writeBytes(body);
        }
        return new BadRequest(index, kind, method, target, out.toByteArray());
    }

    private static void write(ByteArrayOutputStream out, String text) {
        // ISO-8859-1 is what HTTP/1.1 header bytes are; characters beyond it become '?'
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private String target(Random random, Route route) {
        String path = route.path();
        if (path.contains("{id}")) {
            long id = random.nextInt(4) == 0 ? 1 + random.nextInt(1_000_000) : pickOne(random, taskIds);
            path = path.replace("{id}", Long.toString(id));
        }
        return path.replace("{ip}", pickOne(random, List.of("10.0.0.1", "::1", "not-an-ip", "1.2.3.4")));
    }

    /**
     * A valid token mostly, so requests reach the validation behind authentication; never on
     * logout, which would revoke it for every request after.
     */
    private String tokenFor(Random random, Route route) {
        return route.needsToken() && !route.path().endsWith("/logout") && random.nextInt(10) < 8 ? pickOne(random, tokens) : null;
    }

    private static String object(Random random, List<String> fields, Function<Random, String> value) {
        StringBuilder json = new StringBuilder("{");
        for (String field : fields) {
            if (random.nextInt(4) > 0) {
                json.append(json.length() > 1 ? "," : "").append('"').append(field).append("\":").append(value.apply(random));
            }
        }
        return json.append('}').toString();
    }

    private static String wrongType(Random random) {
        return pickOne(random, List.of("1", "-1", "1.5", "true", "false", "[]", "{}", "[\"a\"]", "{\"a\":1}", "\"1\"", "\"\"",
                "[null]", "{\"$ne\":null}"));
    }

    private static byte[] withInvalidUtf8(Random random, byte[] valid) {
        byte[][] bad = {{(byte) 0xff}, {(byte) 0xc3, (byte) 0x28}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xfe, (byte) 0xfe}};
        byte[] insert = bad[random.nextInt(bad.length)];
        int at = valid.length < 4 ? 0 : 2 + random.nextInt(valid.length - 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, at);
        out.writeBytes(insert);
        out.write(valid, at, valid.length - at);
        return out.toByteArray();
    }

    private static String text(Random random, int length) {
        String alphabet = "aZ09 \"\\/<>&'%$#{}[]üß€😀\u0000\u202e\t";
        StringBuilder text = new StringBuilder();
        int[] points = alphabet.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(points[random.nextInt(points.length)]);
        }
        return text.toString();
    }

    private static String flipOne(Random random, String token) {
        char[] chars = token.toCharArray();
        int at = random.nextInt(chars.length);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> T pickOne(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
