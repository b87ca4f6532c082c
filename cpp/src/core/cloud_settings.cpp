#include "core/cloud_settings.h"

namespace omniclient {

namespace {

const CloudSettings& settings() {
    static const CloudSettings served = builtin_cloud_settings();
    return served;
}

}  // namespace

Result set_s3_configuration(const S3Configuration& configuration) {
    const auto& set = settings().s3_configuration;
    return set ? set(configuration) : OMNI_RESULT_ERROR_NOT_SUPPORTED;
}

Result set_azure_sas_token(const std::string& host, const std::string& container, const std::string& sas, bool write_config) {
    const auto& set = settings().azure_sas_token;
    return set ? set(host, container, sas, write_config) : OMNI_RESULT_ERROR_NOT_SUPPORTED;
}

}  // namespace omniclient
