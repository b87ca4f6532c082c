"""Fixtures shared by several suites: the loopback cloud servers (started only when a test asks),
and the stores a server test runs on."""

from cloud_servers.fixtures import (azurite, cloud_certs, cloud_env, cloud_proxy, cloud_proxy_port, moto_s3,  # noqa: F401
                                    new_storage, parametrize_store_kind, plain_proxy, postgres, shared_store,
                                    storage, web_server)


def pytest_generate_tests(metafunc):
    parametrize_store_kind(metafunc)
