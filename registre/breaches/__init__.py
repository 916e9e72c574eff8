"""The breach register (art. 33 and 34 GDPR): record, notify within 72 hours, inform."""
