"""The privacy pages under /privacy: processing log (inzage), access requests, retention, merging.

Each module adds its routes to the one ``privacy`` blueprint; importing them here registers them.
"""

from crm.privacy import inzage, merging, retention, rights  # noqa: F401  (they register routes on bp)
from crm.privacy.blueprint import bp

__all__ = ["bp"]
