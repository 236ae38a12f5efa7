"""Page objects for AfterShip Feed for TikTok Shop."""

from pages.aftership.app import AfterShipApp

__all__ = ["AfterShipApp"]
