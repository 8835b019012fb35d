package io.taskmanager;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/** JAX-RS under /api, secured by MicroProfile JWT. A CDI bean, or the login config goes unseen. */
@ApplicationPath("api")
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({"user", "admin"})
public class TaskManagerApplication extends Application {
}
