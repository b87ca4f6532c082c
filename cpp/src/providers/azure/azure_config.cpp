#include "providers/azure/azure_config.h"

#include "core/config_file.h"
#include "core/log.h"
#include "providers/http_transport/web.h"


namespace omniclient::azure {

namespace {

constexpr std::string_view kAzureSuffix = ".blob.core.windows.net";

}  // namespace

bool is_azure_host(const std::string& raw_host) {
    std::string host = http::lower_case(raw_host);
    if (host.ends_with(kAzureSuffix)) return true;
    for (const auto& [name, entry] : *config::table("azure"))
        if (http::lower_case(name.substr(0, name.find('/'))) == host) return true;
    return false;
}

std::string sas_token(const std::string& host, const std::string& container) {
    auto entries = config::table("azure");
    auto it = entries->find(http::lower_case(host) + "/" + container);
    if (it == entries->end()) return {};
    auto token = it->second.find("sasToken");
    if (token == it->second.end()) return {};
    std::string sas = token->second;
    return sas.starts_with('?') ? sas.substr(1) : sas;
}

Result set_sas_token(const std::string& raw_host, const std::string& container, const std::string& sas, bool write_config) {
    std::string host = http::lower_case(raw_host);
    if (size_t scheme = host.find("://"); scheme != std::string::npos) host = host.substr(scheme + 3);
    while (!host.empty() && host.back() == '/') host.pop_back();
    if (host.empty() || container.empty() || container.find('/') != std::string::npos) {
        log(OMNI_LOG_ERROR, "azure", "set_azure_sas_token: needs a host and a container name");
        return OMNI_RESULT_ERROR;
    }
    return config::set_entry("azure", host + "/" + container, {{"sasToken", sas}}, write_config) ? OMNI_RESULT_OK
                                                                                                 : OMNI_RESULT_ERROR;
}

}  // namespace omniclient::azure
