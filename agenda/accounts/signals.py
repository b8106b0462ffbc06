"""What the accounts tell the layers above (the moderation's audit log listens)."""

from django.dispatch import Signal

# Sent after an invitee joined: invitation=, user=.
invitation_accepted = Signal()
