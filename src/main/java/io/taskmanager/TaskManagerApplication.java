package io.taskmanager;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * JAX-RS under /api. Bearer tokens are verified by the application itself
 * (accounts/boundary/BearerAuthentication), the same way on every server.
 */
@ApplicationPath(TaskManagerApplication.NAME)
@ApplicationScoped
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
