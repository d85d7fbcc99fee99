// Swagger UI over the API's OpenAPI schema (templates/public/api_docs.html). A file, not an
// inline script, so that a strict Content-Security-Policy can forbid inline code.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    domNode: root,
    deepLinking: true,
    // The API is read-only: offer to try only what it answers.
    supportedSubmitMethods: ["get", "head"],
    defaultModelsExpandDepth: 0,
    docExpansion: "list",
    tryItOutEnabled: false,
  });
})();
