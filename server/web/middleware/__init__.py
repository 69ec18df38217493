from server.web.middleware.body_limit import BodyLimit
from server.web.middleware.cross_origin import CrossOriginProtection
from server.web.middleware.security_headers import SecurityHeaders

__all__ = ["BodyLimit", "CrossOriginProtection", "SecurityHeaders"]
