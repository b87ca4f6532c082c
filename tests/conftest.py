"""Fixtures shared by several suites: the loopback cloud servers (started only when a test asks)."""

from cloud_servers.fixtures import (azurite, cloud_certs, cloud_env, cloud_proxy, cloud_proxy_port, moto_s3,  # noqa: F401
                                    plain_proxy, postgres, shared_store, web_server)
