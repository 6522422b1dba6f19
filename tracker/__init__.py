"""isf-tracker: extract, align, check and publish the rules of Norway's ISF financing scheme."""

__version__ = "0.1.0"
