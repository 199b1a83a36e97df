"""The officers' field app (PWA at /lapangan/): its shell, sign-in tokens, the extra field API
endpoints it needs, and the alerts a high-severity early-warning signal sends to supervisors."""
