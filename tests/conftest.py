"""Fixtures shared by several suites: the loopback cloud servers (started only when a test asks)."""

from cloud_servers.fixtures import (azurite, cloud_certs, cloud_env, cloud_proxy, moto_s3, plain_proxy,  # noqa: F401
                                    web_server)
