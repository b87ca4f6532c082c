// The providers compiled into this build. Each backend adds itself here.
#include "core/runtime.h"

namespace omniclient {

std::vector<std::unique_ptr<Provider>> make_builtin_providers() {
    std::vector<std::unique_ptr<Provider>> providers;
    return providers;
}

}  // namespace omniclient
