from .cross_origin import CrossOriginProtection
from .security_headers import SecurityHeaders

__all__ = ["CrossOriginProtection", "SecurityHeaders"]
