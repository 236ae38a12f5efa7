"""Page objects for TikTok Shop Sync."""

from pages.shopsync.app import ShopSyncApp

__all__ = ["ShopSyncApp"]
