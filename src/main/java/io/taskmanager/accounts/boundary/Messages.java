package io.taskmanager.accounts.boundary;

final class Messages {

    static final String REQUIRED = "Missing data for required field.";

    private Messages() {
    }
}
