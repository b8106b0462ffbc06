"""`agenda send-reminders`, the name the documentation and cron use (same as send_reminders)."""

from agenda.registrations.management.commands.send_reminders import Command  # noqa: F401
