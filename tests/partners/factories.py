"""Factories for the partner API: keys carry their raw value (as shown once) in `raw_key`."""

import factory

from partners.models import ApiKey, Scope, WebhookEndpoint


class ApiKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiKey

    organisation = factory.Sequence(lambda n: f"Mitra Uji {n}")
    contact_email = factory.Sequence(lambda n: f"mitra{n}@example.id")
    scopes = factory.LazyFunction(lambda: [Scope.CONTENT_READ])
    rate = "1000/min"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        key = model_class(*args, **kwargs)
        key.raw_key = key.issue()
        key.save()
        return key


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    api_key = factory.SubFactory(ApiKeyFactory, scopes=[Scope.CONTENT_READ, Scope.WEBHOOKS_MANAGE])
    url = "http://127.0.0.1:9/hook"
    event_types = factory.LazyFunction(lambda: ["*"])


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Api-Key {key.raw_key}"}
