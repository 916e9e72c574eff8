"""Background jobs (design §10): long work runs outside the request, with its progress."""
