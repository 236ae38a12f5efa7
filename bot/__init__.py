"""connector-bot: moves a TikTok Shop merchant off a third-party connector app."""
