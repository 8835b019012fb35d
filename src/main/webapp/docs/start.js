// Swagger UI over this server's own OpenAPI document; nothing is fetched from elsewhere
// (validatorUrl null: no badge from validator.swagger.io).
window.addEventListener('load', function () {
    window.ui = SwaggerUIBundle({
        url: new URL('../openapi', window.location.href).href,
        dom_id: '#swagger-ui',
        deepLinking: true,
        displayOperationId: true,
        displayRequestDuration: true,
        defaultModelsExpandDepth: 0,
        validatorUrl: null
    });
});
