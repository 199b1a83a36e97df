"""OpenAPI generation hooks: the schema documents the public /api/v1/ only, not the admin's own API."""


def only_public_api(endpoints):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
