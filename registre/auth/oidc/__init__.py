"""Sign-in with the académie's identity provider (OpenID Connect, authorization code + PKCE)."""
