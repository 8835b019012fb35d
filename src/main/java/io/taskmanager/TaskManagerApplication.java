package io.taskmanager;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.auth.LoginConfig;

/** JAX-RS under /api, secured by MicroProfile JWT. A CDI bean, or the login config goes unseen. */
@ApplicationPath(TaskManagerApplication.NAME)
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({"user", "admin"})
public class TaskManagerApplication extends Application {

    static final String NAME = "api";
    /** Where every API route lives, under the context root. */
    public static final String PATH = "/" + NAME;

    @Override
    public Map<String, Object> getProperties() {
        // Jersey answers OPTIONS with a WADL document by default: XML naming the resources' Java
        // types. Without it OPTIONS answers the Allow header only. RESTEasy ignores the key.
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
