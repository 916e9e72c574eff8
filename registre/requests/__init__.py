"""The rights-request register (art. 12, 15-22 GDPR): one month to answer."""
