"""Loopback stand-ins for the cloud services the http(s), S3 and Azure providers talk to: moto's S3
server with SigV4 checking, Azurite, a local web server, and a TLS-terminating forward proxy that
routes *.amazonaws.com / *.blob.core.windows.net tunnels to them (and injects faults). Nothing here
reaches a real host: the proxy only ever connects to 127.0.0.1."""
