"""Static files the site serves (stylesheet), shipped inside the package."""

from pathlib import Path

STYLESHEET = Path(__file__).with_name("katalog.css")
