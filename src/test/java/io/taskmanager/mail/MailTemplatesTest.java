package io.taskmanager.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MailTemplatesTest {

    @Test
    void theCodeMailHasSubjectTextAndEscapedHtml() {
        Mail mail = MailTemplates.render("password-reset-code", "bob@example.com", 7,
                Map.of("username", "<b>bob</b>", "code", "012345", "minutes", "10"));

        assertEquals("Your Task Manager password reset code", mail.subject());
        assertTrue(mail.text().contains("Hello <b>bob</b>,") && mail.text().contains("    012345\n"), mail.text());
        assertTrue(mail.html().contains("Hello &lt;b&gt;bob&lt;/b&gt;,") && mail.html().contains(">012345<"), mail.html());
        assertFalse(mail.text().contains("{{"));
        assertEquals("password-reset-code", mail.purpose());
        assertEquals(7, mail.userId());
    }

    @Test
    void aMissingValueIsAnErrorNotABlank() {
        assertThrows(IllegalArgumentException.class, () -> MailTemplates.fill("Hi {{username}}", Map.of(), false));
    }

    @Test
    void valuesAreInsertedLiterally() {
        assertEquals("a $1 \\ b", MailTemplates.fill("a {{code}} b", Map.of("code", "$1 \\"), false));
        assertEquals("&amp;&quot;&#39;", MailTemplates.escape("&\"'"));
    }
}
