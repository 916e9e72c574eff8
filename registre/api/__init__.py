"""JSON API ``/api/v1``: token authentication, the same scopes and validation as the web."""
