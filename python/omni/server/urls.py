"""The HTTP paths of the services; everything shares one port."""

DISCOVERY_PATH = "/omni/discovery"
AUTH_PATH = "/omni/auth"
CONNLIB_PATH = "/omni/connlib"
LFT_PATH = "/omni/lft"
DEVICE_PATH = "/omni/device"
