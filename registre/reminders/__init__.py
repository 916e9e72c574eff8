"""The daily digest of deadlines sent to each person (flask registre send-reminders)."""
