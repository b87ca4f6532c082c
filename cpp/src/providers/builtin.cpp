// The providers compiled into this build. Each backend adds itself here. The first provider that
// matches a URL serves it: S3 and Azure take their hosts' https URLs before the generic http one.
#include "core/cloud_settings.h"
#include "core/provider.h"
#include "providers/azure/azure_config.h"
#include "providers/azure/azure_provider.h"
#include "providers/file/file_provider.h"
#include "providers/http/http_provider.h"
#include "providers/nucleus/nucleus_provider.h"
#include "providers/s3/s3_config.h"
#include "providers/s3/s3_provider.h"

namespace omniclient {

std::vector<std::unique_ptr<Provider>> make_builtin_providers(WorkerPool& pool) {
    std::vector<std::unique_ptr<Provider>> providers;
    providers.push_back(file::make_file_provider(pool));
    providers.push_back(make_nucleus_provider());
    auto transport = std::make_shared<http::Transport>();
    providers.push_back(s3::make_s3_provider(transport));
    providers.push_back(azure::make_azure_provider(transport));
    providers.push_back(http::make_http_provider(transport));
    return providers;
}

CloudSettings builtin_cloud_settings() { return {s3::set_configuration, azure::set_sas_token}; }

}  // namespace omniclient
