// Which hosts are Azure Blob accounts and their containers' SAS tokens: `*.blob.core.windows.net`,
// and `[azure."<host>/<container>"] sasToken = "..."` entries of omniverse.toml or
// set_azure_sas_token() (which also makes other hosts, e.g. an emulator's, Azure).
#pragma once

#include "core/types.h"

#include <string>

namespace omniclient::azure {

bool is_azure_host(const std::string& host);
// The SAS query for a container ("" when none is configured), without a leading '?'.
std::string sas_token(const std::string& host, const std::string& container);
// Records a container's SAS (and in omniverse.toml with `write_config`).
Result set_sas_token(const std::string& host, const std::string& container, const std::string& sas, bool write_config);

}  // namespace omniclient::azure
