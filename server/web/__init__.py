"""HTTP: routes per audience (thin: read the request, call the domain, render), the principal
behind a request, templating, form reading and the middleware every response passes."""
