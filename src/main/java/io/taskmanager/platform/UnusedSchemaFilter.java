package io.taskmanager.platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Says outright that an operation without a security requirement needs no token
 * ({@code security: []}; OpenApiDocumentIT checks each against an anonymous call), gives every
 * API operation the answers every API route can give before its own work (406 to a client
 * that accepts no JSON, 403 IP_BANNED to a banned address; OpenApiConformanceIT), and drops
 * component schemas no operation reaches. Payara's scanner adds a schema for every Java
 * type a resource method takes or returns (records with camelCase names that are never on the
 * wire) even where the annotations name the documented schema instead; WildFly's does not.
 * Without them both servers serve the same components.
 */
public class UnusedSchemaFilter implements OASFilter {

    private static final String SCHEMAS = "#/components/schemas/";

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getSecurity() == null) {
            operation.setSecurity(new ArrayList<>());
        }
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI document) {
        declareSharedAnswers(document);
        Components components = document.getComponents();
        if (components == null || components.getSchemas() == null || document.getPaths() == null) {
            return;
        }
        Set<String> reached = new HashSet<>();
        Deque<Schema> pending = new ArrayDeque<>();
        for (PathItem path : document.getPaths().getPathItems().values()) {
            Stream.concat(path.getOperations().values().stream().map(operation -> schemas(operation, components)),
                            Stream.of(parameterSchemas(path.getParameters(), components)))
                    .flatMap(Collection::stream).forEach(pending::add);
        }
        while (!pending.isEmpty()) {
            Schema schema = pending.pop();
            if (schema.getRef() != null && schema.getRef().startsWith(SCHEMAS)) {
                String name = schema.getRef().substring(SCHEMAS.length());
                Schema target = components.getSchemas().get(name);
                if (reached.add(name) && target != null) {
                    pending.push(target);
                }
                continue;
            }
            Stream.of(schema.getProperties() == null ? null : schema.getProperties().values(),
                            schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())
                    .filter(Objects::nonNull).flatMap(Collection::stream).forEach(pending::push);
            Stream.of(schema.getItems(), schema.getNot(), schema.getAdditionalPropertiesSchema())
                    .filter(Objects::nonNull).forEach(pending::push);
        }
        components.getSchemas().keySet().stream().filter(name -> !reached.contains(name)).toList()
                .forEach(components::removeSchema);
    }

    private static void declareSharedAnswers(OpenAPI document) {
        if (document.getPaths() == null) {
            return;
        }
        document.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            for (Operation operation : item.getOperations().values()) {
                if (operation.getResponses() == null) {
                    continue;
                }
                if (!operation.getResponses().hasAPIResponse("406")) {
                    operation.getResponses().addAPIResponse("406", OASFactory.createAPIResponse().ref("NotAcceptable"));
                }
                if (!operation.getResponses().hasAPIResponse("403")) {
                    operation.getResponses().addAPIResponse("403", OASFactory.createAPIResponse().ref("IpBanned"));
                }
            }
        });
    }

    private static Collection<Schema> schemas(Operation operation, Components components) {
        Deque<Schema> found = new ArrayDeque<>(parameterSchemas(operation.getParameters(), components));
        RequestBody body = operation.getRequestBody();
        if (body != null) {
            if (body.getRef() != null && components.getRequestBodies() != null) {
                body = components.getRequestBodies().getOrDefault(name(body.getRef()), body);
            }
            found.addAll(contentSchemas(body.getContent()));
        }
        if (operation.getResponses() != null) {
            for (APIResponse response : operation.getResponses().getAPIResponses().values()) {
                if (response.getRef() != null && components.getResponses() != null) {
                    response = components.getResponses().getOrDefault(name(response.getRef()), response);
                }
                found.addAll(contentSchemas(response.getContent()));
                if (response.getHeaders() != null) {
                    for (Header header : response.getHeaders().values()) {
                        if (header.getRef() != null && components.getHeaders() != null) {
                            header = components.getHeaders().getOrDefault(name(header.getRef()), header);
                        }
                        if (header.getSchema() != null) {
                            found.add(header.getSchema());
                        }
                    }
                }
            }
        }
        return found;
    }

    private static Collection<Schema> parameterSchemas(Collection<Parameter> parameters, Components components) {
        Deque<Schema> found = new ArrayDeque<>();
        if (parameters != null) {
            for (Parameter parameter : parameters) {
                if (parameter.getRef() != null && components.getParameters() != null) {
                    parameter = components.getParameters().getOrDefault(name(parameter.getRef()), parameter);
                }
                if (parameter.getSchema() != null) {
                    found.add(parameter.getSchema());
                }
                found.addAll(contentSchemas(parameter.getContent()));
            }
        }
        return found;
    }

    private static Collection<Schema> contentSchemas(Content content) {
        if (content == null || content.getMediaTypes() == null) {
            return List.of();
        }
        return content.getMediaTypes().values().stream().map(MediaType::getSchema).filter(Objects::nonNull).toList();
    }

    private static String name(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }
}
