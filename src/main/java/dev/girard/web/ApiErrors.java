package dev.girard.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.girard.core.ConflictException;
import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;
import dev.girard.core.NotFoundException;
import dev.girard.render.TemplateProblem;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;

/** Turns domain exceptions into JSON errors: {"error": "...", "errors": [{field, value, reason}]}. */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static void register(Javalin app) {
        app.exception(InvalidInputException.class, (e, ctx) ->
                ctx.status(400).json(body(e.getMessage(), e.errors())));
        app.exception(TemplateProblem.class, (e, ctx) ->
                ctx.status(422).json(body(e.getMessage(), List.of(new FieldError("template", e.template(), e.getMessage())))));
        app.exception(NotFoundException.class, (e, ctx) -> ctx.status(404).json(body(e.getMessage(), List.of())));
        app.exception(ConflictException.class, (e, ctx) -> ctx.status(409).json(body(e.getMessage(), List.of())));
        app.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus()).json(body(e.getMessage(), List.of())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500).json(body("Internal error: " + e.getClass().getSimpleName() + " (see the server log)", List.of()));
        });
    }

    static Map<String, Object> body(String message, List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("errors", errors);
        return body;
    }
}
