// The NumShield API page: Swagger UI on the gateway's own /openapi.yaml. "Try it out" is off:
// every call but the unsigned ones needs an NS1 signature (docs/api/README.md), which a browser
// form cannot make; use the Java client or scripts/numshield.
window.ui = SwaggerUIBundle({
  url: "/openapi.yaml",
  dom_id: "#swagger-ui",
  deepLinking: true,
  supportedSubmitMethods: [],
  validatorUrl: null
});
