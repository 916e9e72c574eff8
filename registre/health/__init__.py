"""Health check for load balancers and monitoring: ``GET /sante``."""
