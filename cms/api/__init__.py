"""The API's shared parts: router, error shape, pagination, throttles."""
