// The providers compiled into this build. Each backend adds itself here.
#include "core/provider.h"
#include "providers/nucleus/nucleus_provider.h"
#include "providers/file/file_provider.h"

namespace omniclient {

std::vector<std::unique_ptr<Provider>> make_builtin_providers(WorkerPool& pool) {
    std::vector<std::unique_ptr<Provider>> providers;
    providers.push_back(file::make_file_provider(pool));
    providers.push_back(make_nucleus_provider());
    return providers;
}

}  // namespace omniclient
