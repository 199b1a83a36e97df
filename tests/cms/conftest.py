import pytest
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


@pytest.fixture
def throttle_rates():
    """Call with rates such as anon_read="2/min"; the settings' rates come back afterwards."""
    original = SimpleRateThrottle.THROTTLE_RATES

    def set_rates(**rates):
        SimpleRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, **rates}

    yield set_rates
    SimpleRateThrottle.THROTTLE_RATES = original
