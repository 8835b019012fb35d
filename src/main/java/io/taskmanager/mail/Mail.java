package io.taskmanager.mail;

/**
 * One message to one recipient, as plain text and HTML. {@code purpose} and {@code userId}
 * name it in logs, which never carry its body.
 */
public record Mail(String to, String subject, String text, String html, String purpose, long userId) {
}
