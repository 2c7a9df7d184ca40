"""Small reusable Qt pieces shared by every screen (messages, background tasks, field checks)."""
