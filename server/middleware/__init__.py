from .body_limit import BodyLimit
from .cross_origin import CrossOriginProtection
from .security_headers import SecurityHeaders

__all__ = ["BodyLimit", "CrossOriginProtection", "SecurityHeaders"]
