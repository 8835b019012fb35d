package io.taskmanager.mail;

import io.taskmanager.operations.control.ServiceMetrics.MailOutcome;
import io.taskmanager.operations.control.ServiceMetrics;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends mail on the server's managed executor, so no HTTP response waits for SMTP. A failed
 * send is retried a bounded number of times with growing pauses, scheduled on the server's
 * default scheduled executor so no thread sleeps; a mail that still cannot be sent is
 * logged as lost (purpose and user id, never the body). Without MAIL_SERVER (development)
 * the mail is written to the log instead.
 */
@ApplicationScoped
public class Mailer {

    private static final Logger LOG = Logger.getLogger(Mailer.class.getName());
    static final int ATTEMPTS = 4;
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(2);

    @Resource(name = "concurrent/taskmanager-mail")
    ManagedExecutorService executor;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Resource(name = "mail/taskmanager")
    Session session;

    @Inject
    MailSettings settings;

    @Inject
    ServiceMetrics metrics;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    /**
     * Queues the mail and returns at once. Within a transaction the mail waits for its commit:
     * a request that rolls back sends nothing (no code for a request that was never stored, no
     * notice of a password change that did not happen).
     */
    public void send(Mail mail) {
        switch (transactions.getTransactionStatus()) {
            case Status.STATUS_NO_TRANSACTION -> dispatch(mail);
            case Status.STATUS_ACTIVE -> transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        dispatch(mail);
                    } else {
                        dropped(mail);
                    }
                }
            });
            default -> dropped(mail);
        }
    }

    private void dropped(Mail mail) {
        LOG.info(() -> "mail not sent: its transaction did not commit purpose=" + mail.purpose() + " user_id=" + mail.userId());
    }

    private void dispatch(Mail mail) {
        if (!settings.sending()) {
            // development mode only: a production start refuses to run without MAIL_SERVER
            LOG.info(() -> "mail not sent (MAIL_SERVER is not set) purpose=" + mail.purpose() + " to=" + mail.to()
                    + "\nSubject: " + mail.subject() + "\n\n" + mail.text());
            metrics.mail(MailOutcome.LOGGED);
            return;
        }
        metrics.mail(MailOutcome.QUEUED);
        attemptLater(mail, 1, Duration.ZERO);
    }

    private void attemptLater(Mail mail, int attempt, Duration delay) {
        try {
            if (delay.isZero()) {
                executor.execute(() -> attempt(mail, attempt));
            } else {
                scheduler.schedule(() -> attemptLater(mail, attempt, Duration.ZERO), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            metrics.mail(MailOutcome.FAILED);
            LOG.severe(() -> "mail lost: the mail queue is full purpose=" + mail.purpose() + " user_id=" + mail.userId());
        }
    }

    private void attempt(Mail mail, int attempt) {
        try {
            transmit(mail);
            metrics.mail(MailOutcome.SENT);
            LOG.info(() -> "mail sent purpose=" + mail.purpose() + " user_id=" + mail.userId());
        } catch (MessagingException | RuntimeException e) {
            LOG.log(Level.WARNING, "mail attempt " + attempt + " of " + ATTEMPTS + " failed purpose=" + mail.purpose()
                    + " user_id=" + mail.userId() + ": " + e);
            if (attempt < ATTEMPTS) {
                // 2 s, 8 s, 32 s
                attemptLater(mail, attempt + 1, FIRST_PAUSE.multipliedBy(1L << (2 * (attempt - 1))));
            } else {
                metrics.mail(MailOutcome.FAILED);
                LOG.severe(() -> "mail lost after " + ATTEMPTS + " attempts purpose=" + mail.purpose() + " user_id=" + mail.userId());
            }
        }
    }

    private void transmit(Mail mail) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        if (settings.sender().isPresent()) {
            message.setFrom(new InternetAddress(settings.sender().get()));
        } else {
            message.setFrom();
        }
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to()));
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
        Multipart alternatives = new MimeMultipart("alternative", text, html);
        message.setContent(alternatives);
        message.saveChanges();
        try (Transport transport = session.getTransport("smtp")) {
            if (settings.username().isPresent()) {
                transport.connect(settings.username().get(), settings.password().orElse(""));
            } else {
                transport.connect();
            }
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

}
