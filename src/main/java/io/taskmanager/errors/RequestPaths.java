package io.taskmanager.errors;

import jakarta.ws.rs.core.UriInfo;

final class RequestPaths {

    private RequestPaths() {
    }

    /** The request path as the client sent it, base path included, for the envelope's {@code instance}. */
    static String of(UriInfo uriInfo) {
        if (uriInfo == null) {
            return "/";
        }
        try {
            return uriInfo.getRequestUri().getRawPath();
        } catch (RuntimeException outsideRequestScope) {
            return "/";
        }
    }
}
