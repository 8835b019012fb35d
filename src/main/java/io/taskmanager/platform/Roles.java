package io.taskmanager.platform;

/** The roles an access token's groups can hold, as the route checks and the token issuer both name them. */
public final class Roles {

    /** Every account's access token holds this role. */
    public static final String USER = "user";

    /** An administrator's access token holds this one too. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
