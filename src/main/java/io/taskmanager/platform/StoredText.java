package io.taskmanager.platform;

/**
 * Text the database must keep exactly. PostgreSQL cannot store U+0000, and a lone UTF-16
 * surrogate has no UTF-8 form; both are refused at the edge instead of failing in SQL.
 */
public final class StoredText {

    private StoredText() {
    }

    /** Why the text cannot be stored, or null when it can. Line breaks and tabs are allowed when not single-line. */
    public static String problem(String text, boolean singleLine) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "Must be valid Unicode text.";
            } else if (c == 0) {
                return "Must not contain NUL characters.";
            } else if (singleLine && Character.isISOControl(c)) {
                return "Must not contain control characters or line breaks.";
            } else if (!singleLine && Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return "Must not contain control characters other than line breaks and tabs.";
            }
        }
        return null;
    }

    /** Length in characters as people and PostgreSQL count them (code points, not UTF-16 units). */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
