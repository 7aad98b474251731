"""The service's ASGI middlewares, one module each."""
