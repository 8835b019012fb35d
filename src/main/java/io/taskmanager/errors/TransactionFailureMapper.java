package io.taskmanager.errors;

import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A {@code @Transactional} bean whose transaction could not begin or end, most often a commit
 * whose connection was cut: answered like any unexpected failure (503 when the database is
 * the cause). Needed because Jersey's CDI integration brings its own mapper for this type,
 * nearer than the catch-all, which rethrows and leaves a bare 500 with no trace in the log.
 */
@Provider
public class TransactionFailureMapper implements ExceptionMapper<TransactionalException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(TransactionalException exception) {
        return UnexpectedExceptionMapper.answer(exception, RequestPaths.of(uriInfo));
    }
}
