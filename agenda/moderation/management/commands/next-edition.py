"""`agenda next-edition`, the name the documentation uses (same as next_edition)."""

from agenda.moderation.management.commands.next_edition import Command  # noqa: F401
