package io.taskmanager.mail;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.ServiceProcess;
import io.taskmanager.support.TestEnvironment;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A mail that cannot be sent yet is retried later, not lost: the relay comes up after the first attempt failed. */
class MailRetryIT {

    @Test
    void aFailedSendIsRetriedUntilTheRelayAnswers() {
        int smtpPort = ServiceProcess.freePort();
        Map<String, String> environment = TestEnvironment.productionEnvironment(TestEnvironment.databaseEnvironment(TestEnvironment.DATABASE));
        // this test's relay takes mail without authentication
        environment.put("MAIL_USERNAME", null);
        environment.put("MAIL_PASSWORD", null);
        environment.putAll(Map.of(
                "MAIL_SERVER", "127.0.0.1",
                "MAIL_PORT", String.valueOf(smtpPort),
                "MAIL_SENDER", "retry@taskmanager.test",
                // not the defaults (PT10M, 5): this service also shows that both are configurable
                "TASKMANAGER_OTP_TTL", "PT3M",
                "TASKMANAGER_OTP_MAX_ATTEMPTS", "2"));
        ServiceProcess service = ServiceProcess.start("mail-retry", environment);
        GreenMail relay = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        try {
            service.awaitReady(Duration.ofMinutes(3));
            Api api = Api.at(service.baseUri());
            Account account = Account.fresh();
            assertEquals(201, api.signup(account).status());

            long start = System.nanoTime();
            Api.Reply requested = api.postJson("/api/auth/forget-password", "{\"email\": \"" + account.email() + "\"}");
            assertEquals(200, requested.status());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "the answer does not wait for SMTP");

            assertTrue(service.awaitLog("mail attempt 1 of 4 failed purpose=password-reset-code", Duration.ofSeconds(30)), service::log);
            relay.start();

            assertTrue(ServiceProcess.Poll.until(Duration.ofSeconds(60), () -> relay.getReceivedMessages().length == 1), service::log);
            MimeMessage mail = relay.getReceivedMessages()[0];
            assertEquals("Your Task Manager password reset code", mail.getSubject());
            assertTrue(service.awaitLog("mail sent purpose=password-reset-code", Duration.ofSeconds(10)), service::log);
            assertTrue(!service.log().contains("mail lost"), service::log);

            String text = GreenMailUtil.getBody(mail);
            assertTrue(text.contains("valid for 3 minutes"), text);
            Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(text);
            assertTrue(code.find(), text);
            String otpToken = requested.json().getString("otp-token");
            String wrong = code.group(1).equals("000000") ? "111111" : "000000";
            for (int attempt = 0; attempt < 2; attempt++) {
                assertError(api.send("POST", "/api/auth/verify-otp", otpToken,
                        "{\"email\": \"" + account.email() + "\", \"otp\": \"" + wrong + "\"}"), 401, "INVALID_OTP");
            }
            // taskmanager.otp.max-attempts=2: the request is dead now, even for the right code
            assertError(api.send("POST", "/api/auth/verify-otp", otpToken,
                    "{\"email\": \"" + account.email() + "\", \"otp\": \"" + code.group(1) + "\"}"), 401, "INVALID_OTP");
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        } finally {
            relay.stop();
            service.stop();
        }
    }
}
