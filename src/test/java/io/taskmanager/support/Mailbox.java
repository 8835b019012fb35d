package io.taskmanager.support;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the test SMTP server received for one address: mails are awaited by polling, never by sleeping. */
public final class Mailbox {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private final String address;

    public Mailbox(String address) {
        this.address = address;
    }

    /** A delivered mail as the recipient reads it. */
    public record Delivered(String from, String subject, String text, String html) {

        public String code() {
            Matcher code = CODE.matcher(text);
            if (!code.find()) {
                throw new AssertionError("no 6-digit code in: " + text);
            }
            return code.group(1);
        }
    }

    public List<Delivered> all() {
        List<Delivered> delivered = new ArrayList<>();
        for (MimeMessage message : TestEnvironment.mail().getReceivedMessages()) {
            try {
                boolean mine = false;
                for (Address recipient : message.getAllRecipients()) {
                    mine |= recipient.toString().equalsIgnoreCase(address);
                }
                if (mine) {
                    delivered.add(read(message));
                }
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return delivered;
    }

    /** Waits until at least {@code count} mails arrived and returns the newest. */
    public Delivered await(int count) {
        if (!ServiceProcess.Poll.until(Duration.ofSeconds(30), () -> all().size() >= count)) {
            throw new AssertionError("expected " + count + " mails to " + address + ", got " + all().size());
        }
        List<Delivered> all = all();
        return all.get(all.size() - 1);
    }

    private static Delivered read(MimeMessage message) throws MessagingException, IOException {
        String text = null;
        String html = null;
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                text = (String) part.getContent();
            } else if (part.isMimeType("text/html")) {
                html = (String) part.getContent();
            }
        }
        return new Delivered(message.getFrom()[0].toString(), message.getSubject(), text, html);
    }
}
