"""Platform administration: académies and organisations."""
