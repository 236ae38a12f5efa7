"""Page objects for TikTok Shop Seller Center."""

from pages.tiktok.app import SellerCenterApp

__all__ = ["SellerCenterApp"]
