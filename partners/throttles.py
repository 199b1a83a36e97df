"""Per-key rates of partner API keys, counted in the shared cache across every worker."""

from rest_framework.throttling import SimpleRateThrottle

from core.throttles import FailOpenThrottle
from partners.models import ApiKey


class ApiKeyRateThrottle(FailOpenThrottle, SimpleRateThrottle):
    """Each partner key has its own rate (ApiKey.rate), counted per key across every worker."""

    scope = "api_key"

    def __init__(self):
        # The rate depends on the key, so it is read in allow_request, not from settings.
        self.rate = None

    def allow_request(self, request, view):
        key = request.auth
        if not isinstance(key, ApiKey):
            return True
        self.rate = key.rate
        self.num_requests, self.duration = self.parse_rate(key.rate)
        return super().allow_request(request, view)  # FailOpenThrottle, then DRF's count

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
