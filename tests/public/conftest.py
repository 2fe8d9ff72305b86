from tests.api.conftest import api_client_as, api_data  # noqa: F401  (shared data)
